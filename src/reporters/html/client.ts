// The page's only script, inline (the report is one self-contained file). It never writes HTML:
// rows and markers are rendered, escaped, by the reporter; the script only toggles classes and the
// SVG viewBox, so no input string can become markup.

export const CLIENT_SCRIPT = `(function () {
  'use strict';
  var rows = Array.prototype.slice.call(document.querySelectorAll('#findings tbody tr'));
  var ruleFilter = document.getElementById('filter-rule');
  var severityFilter = document.getElementById('filter-severity');
  var textFilter = document.getElementById('filter-text');
  var shownCount = document.getElementById('shown-count');
  var sideCounts = Array.prototype.slice.call(document.querySelectorAll('[data-count-view]'));

  function markerFor(index) {
    return document.querySelector('svg [data-finding-index="' + Number(index) + '"]');
  }

  // each view's caption counts the drawn findings the filters let through, as the table does
  function applyFilters() {
    var rule = ruleFilter.value, severity = severityFilter.value, text = textFilter.value.trim().toLowerCase(), shown = 0;
    var perView = {};
    rows.forEach(function (row) {
      var visible = (rule === '' || row.getAttribute('data-rule') === rule) &&
        (severity === '' || row.getAttribute('data-severity') === severity) &&
        (text === '' || row.textContent.toLowerCase().indexOf(text) >= 0);
      row.hidden = !visible;
      var marker = markerFor(row.getAttribute('data-finding-index'));
      if (marker) marker.classList.toggle('filtered', !visible);
      if (visible) shown++;
      if (visible && marker) perView[row.getAttribute('data-view')] = (perView[row.getAttribute('data-view')] || 0) + 1;
    });
    shownCount.textContent = shown + ' of ' + rows.length + ' shown';
    sideCounts.forEach(function (count) {
      count.textContent = String(perView[count.getAttribute('data-count-view')] || 0);
    });
  }

  // centre on the site and zoom so that the finding box fills a quarter of the view, never closer
  // than a twentieth of the whole board so the neighbours stay in sight
  function focusRow(row) {
    document.querySelectorAll('.selected').forEach(function (el) { el.classList.remove('selected'); });
    row.classList.add('selected');
    // a finding with no site has no marker: it is selected in the table and nothing zooms
    var marker = markerFor(row.getAttribute('data-finding-index'));
    if (!marker) return;
    var svg = marker.ownerSVGElement;
    var home = svg.getAttribute('data-home').split(' ').map(Number);
    var x = Number(row.getAttribute('data-x')), y = -Number(row.getAttribute('data-y'));
    var extent = Math.max(Number(row.getAttribute('data-w')), Number(row.getAttribute('data-h')));
    var size = Math.max(4 * extent, Math.max(home[2], home[3]) / 20);
    svg.setAttribute('viewBox', [x - size / 2, y - size / 2, size, size].join(' '));
    marker.classList.add('selected');
    svg.scrollIntoView({ block: 'nearest' });
  }

  rows.forEach(function (row) {
    row.addEventListener('click', function () { focusRow(row); });
    row.addEventListener('keydown', function (event) {
      if (event.key === 'Enter' || event.key === ' ') { event.preventDefault(); focusRow(row); }
    });
  });
  document.querySelectorAll('svg [data-finding-index]').forEach(function (marker) {
    marker.addEventListener('click', function () {
      var row = document.querySelector('#findings tbody tr[data-finding-index="' +
        Number(marker.getAttribute('data-finding-index')) + '"]');
      if (row) { focusRow(row); row.scrollIntoView({ block: 'nearest' }); }
    });
  });
  document.querySelectorAll('button[data-reset]').forEach(function (button) {
    button.addEventListener('click', function () {
      var svg = document.getElementById(button.getAttribute('data-reset'));
      svg.setAttribute('viewBox', svg.getAttribute('data-home'));
    });
  });
  // wheel zooms about the pointer, as in a layout viewer
  document.querySelectorAll('svg.board').forEach(function (svg) {
    svg.addEventListener('wheel', function (event) {
      event.preventDefault();
      var box = svg.getAttribute('viewBox').split(' ').map(Number);
      var rect = svg.getBoundingClientRect();
      var scale = Math.min(box[2] / rect.width, box[3] / rect.height);
      var px = box[0] + box[2] / 2 + (event.clientX - rect.left - rect.width / 2) * scale;
      var py = box[1] + box[3] / 2 + (event.clientY - rect.top - rect.height / 2) * scale;
      var factor = event.deltaY > 0 ? 1.25 : 0.8;
      svg.setAttribute('viewBox', [px - (px - box[0]) * factor, py - (py - box[1]) * factor,
        box[2] * factor, box[3] * factor].join(' '));
    }, { passive: false });
  });
  ruleFilter.addEventListener('change', applyFilters);
  severityFilter.addEventListener('change', applyFilters);
  textFilter.addEventListener('input', applyFilters);
  applyFilters();
})();
`
