using System.Data;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Data.SqlClient;
using ProcurementGroup.Data.Infrastructure;

namespace ProcurementGroup.Web.Tests.Sql;

/// <summary>
/// A SQL Server "database" that records every command text it is given and answers with nothing. Running each
/// repository method against it yields the exact statements the repositories send to SQL Server, dialect applied,
/// without a server: new repositories are picked up without editing the tests.
/// </summary>
public sealed class RecordingDatabase : IDbConnectionFactory
{
    public List<string> Statements { get; } = [];

    public ISqlDialect Dialect { get; } = new SqlServerDialect();

    public DatabaseProvider Provider => DatabaseProvider.SqlServer;

    public Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default) => Task.FromResult<DbConnection>(new Connection(this));

    public DbConnection Connect() => new Connection(this);

    private sealed class Connection(RecordingDatabase database) : DbConnection
    {
        private ConnectionState _state = ConnectionState.Open;

        [AllowNull]
        public override string ConnectionString { get; set; } = "recording";

        public override string Database => "recording";

        public override string DataSource => "recording";

        public override string ServerVersion => "16.0";

        public override ConnectionState State => _state;

        public override void ChangeDatabase(string databaseName)
        {
        }

        public override void Close() => _state = ConnectionState.Closed;

        public override void Open() => _state = ConnectionState.Open;

        protected override DbTransaction BeginDbTransaction(IsolationLevel isolationLevel) => new Transaction(this, isolationLevel);

        protected override DbCommand CreateDbCommand() => new Command(database) { Connection = this };
    }

    private sealed class Transaction(DbConnection connection, IsolationLevel isolationLevel) : DbTransaction
    {
        public override IsolationLevel IsolationLevel => isolationLevel;

        protected override DbConnection DbConnection => connection;

        public override void Commit()
        {
        }

        public override void Rollback()
        {
        }
    }

    private sealed class Command(RecordingDatabase database) : DbCommand
    {
        private readonly SqlCommand _parameters = new();

        [AllowNull]
        public override string CommandText { get; set; } = string.Empty;

        public override int CommandTimeout { get; set; }

        public override CommandType CommandType { get; set; }

        public override bool DesignTimeVisible { get; set; }

        public override UpdateRowSource UpdatedRowSource { get; set; }

        protected override DbConnection? DbConnection { get; set; }

        protected override DbParameterCollection DbParameterCollection => _parameters.Parameters;

        protected override DbTransaction? DbTransaction { get; set; }

        public override void Cancel()
        {
        }

        public override void Prepare()
        {
        }

        public override int ExecuteNonQuery()
        {
            Record();
            return 1;
        }

        public override object? ExecuteScalar()
        {
            Record();
            return null;
        }

        protected override DbDataReader ExecuteDbDataReader(CommandBehavior behavior)
        {
            Record();
            return new DataTable().CreateDataReader();
        }

        protected override DbParameter CreateDbParameter() => new SqlParameter();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _parameters.Dispose();
            }

            base.Dispose(disposing);
        }

        private void Record()
        {
            lock (database.Statements)
            {
                database.Statements.Add(CommandText);
            }
        }
    }
}
