// fundpolicy workbench: sorting and filtering of result tables, adding and removing rows of
// list fields, opening a record's explanation. Served as a static file: the pages hold no
// inline script (the server's Content-Security-Policy is script-src 'self').
'use strict';

(function () {
  // --- sortable tables: click a heading with data-sort="num" or "text" ---
  function cellValue(row, index) {
    var cell = row.cells[index];
    if (!cell) { return ''; }
    return cell.hasAttribute('data-value') ? cell.getAttribute('data-value') : cell.textContent.trim();
  }
  // Decimal strings ("-12.5", "300000.00") compared exactly, digit by digit: amounts are
  // never put through binary floating point, not even to order a table.
  function compareDecimals(a, b) {
    var na = a.charAt(0) === '-', nb = b.charAt(0) === '-';
    if (na !== nb) { return na ? -1 : 1; }
    var sign = na ? -1 : 1;
    var pa = (na ? a.slice(1) : a).split('.'), pb = (nb ? b.slice(1) : b).split('.');
    var ia = pa[0].replace(/^0+(?=\d)/, ''), ib = pb[0].replace(/^0+(?=\d)/, '');
    if (ia.length !== ib.length) { return sign * (ia.length - ib.length); }
    if (ia !== ib) { return sign * (ia < ib ? -1 : 1); }
    var fa = pa[1] || '', fb = pb[1] || '';
    var n = Math.max(fa.length, fb.length);
    while (fa.length < n) { fa += '0'; }
    while (fb.length < n) { fb += '0'; }
    if (fa === fb) { return 0; }
    return sign * (fa < fb ? -1 : 1);
  }
  function compare(a, b, numeric) {
    if (numeric) {
      return compareDecimals(a, b);
    }
    return a.localeCompare(b, document.documentElement.lang);
  }
  document.querySelectorAll('table.sortable').forEach(function (table) {
    var heads = table.tHead ? table.tHead.rows[0].cells : [];
    Array.prototype.forEach.call(heads, function (th, index) {
      if (!th.hasAttribute('data-sort')) { return; }
      var sort = function () {
        var desc = th.getAttribute('data-dir') === 'asc';
        Array.prototype.forEach.call(heads, function (h) { h.removeAttribute('data-dir'); });
        th.setAttribute('data-dir', desc ? 'desc' : 'asc');
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        var numeric = th.getAttribute('data-sort') === 'num';
        rows.sort(function (r1, r2) {
          var a = cellValue(r1, index), b = cellValue(r2, index);
          // Empty cells (no score, not ranked) last whichever way the column is sorted.
          var empty = (a === '') - (b === '');
          if (empty !== 0) { return empty; }
          var c = compare(a, b, numeric);
          return desc ? -c : c;
        });
        rows.forEach(function (r) { body.appendChild(r); });
      };
      th.addEventListener('click', sort);
      th.addEventListener('keydown', function (e) { if (e.key === 'Enter') { sort(); } });
    });
  });

  // --- filters: <select data-filter="status|tier|g0…"> over table.results rows' data-* ---
  document.querySelectorAll('.filters').forEach(function (box) {
    box.hidden = false;
    var table = document.querySelector('table.results');
    if (!table) { return; }
    var selects = box.querySelectorAll('select[data-filter]');
    var shown = box.querySelector('.shown');
    var apply = function () {
      var n = 0;
      Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
        var ok = true;
        selects.forEach(function (s) {
          if (s.value !== '' && row.getAttribute('data-' + s.getAttribute('data-filter')) !== s.value) { ok = false; }
        });
        row.hidden = !ok;
        if (ok) { n += 1; }
      });
      if (shown) { shown.textContent = shown.getAttribute('data-shown-words').replace('{n}', String(n)); }
    };
    selects.forEach(function (s) { s.addEventListener('change', apply); });
    apply();
  });

  // --- a record's explanation: open it where the table links to it ---
  function openTarget(hash) {
    if (!hash || hash.length < 2) { return; }
    var target = document.getElementById(hash.slice(1));
    if (target && target.tagName === 'DETAILS') {
      target.open = true;
      target.scrollIntoView({ block: 'start' });
    }
  }
  document.querySelectorAll('a.open-explain').forEach(function (a) {
    a.addEventListener('click', function () { openTarget(a.getAttribute('href')); });
  });
  openTarget(window.location.hash);

  // --- list fields: add and remove rows ---
  document.addEventListener('click', function (e) {
    var button = e.target;
    if (!(button instanceof HTMLElement)) { return; }
    if (button.classList.contains('remove-row')) {
      var row = button.closest('.row');
      if (row) { row.remove(); }
    } else if (button.classList.contains('add-row')) {
      var box = button.closest('.plain-list') || button.parentElement.querySelector('.records-table');
      var holder = button.closest('.plain-list') || button.parentElement;
      var template = holder.querySelector('template');
      if (!template || !box) { return; }
      var next = parseInt(template.getAttribute('data-next') || '0', 10);
      var html = template.innerHTML.split('__ROW__').join(String(next));
      template.setAttribute('data-next', String(next + 1));
      var scratch = document.createElement(box.tagName === 'TABLE' ? 'tbody' : 'div');
      scratch.innerHTML = html;
      var added = scratch.firstElementChild;
      if (!added) { return; }
      if (box.tagName === 'TABLE') {
        box.tBodies[0].appendChild(added);
      } else {
        box.insertBefore(added, template);
      }
      var first = added.querySelector('input, select');
      if (first) { first.focus(); }
    }
  });
})();
