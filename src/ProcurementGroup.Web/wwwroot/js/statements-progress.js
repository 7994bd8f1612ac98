// The statements batch's progress bar (Features/Statements/_StatementsProgress.cshtml): polls the JSON counts every
// two seconds and updates the bar and its text until every statement is generated. No inline script (CSP).
(function () {
    'use strict';
    document.querySelectorAll('.statements-progress[data-progress-url]').forEach(function (box) {
        var url = box.getAttribute('data-progress-url');
        var bar = box.querySelector('[data-progress-bar]');
        var text = box.querySelector('[data-progress-text]');
        var track = box.querySelector('[role="progressbar"]');
        function step(percent) {
            return percent >= 100 ? 'w-100' : percent >= 75 ? 'w-75' : percent >= 50 ? 'w-50' : percent >= 25 ? 'w-25' : 'w-0';
        }
        function poll() {
            fetch(url, { headers: { 'Accept': 'application/json' }, credentials: 'same-origin' })
                .then(function (r) { return r.ok ? r.json() : null; })
                .then(function (p) {
                    if (!p) { return; }
                    var percent = p.total === 0 ? 100 : Math.floor(p.generated * 100 / p.total);
                    bar.className = 'progress-bar ' + step(percent);
                    track.setAttribute('aria-valuenow', String(p.generated));
                    track.setAttribute('aria-valuemax', String(p.total));
                    text.textContent = p.generated + ' état(s) généré(s) sur ' + p.total;
                    if (p.generated < p.total) { window.setTimeout(poll, 2000); }
                })
                .catch(function () { window.setTimeout(poll, 5000); });
        }
        poll();
    });
})();
