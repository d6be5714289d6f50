// leakguard's HTML report: draws the data in #leakguard-data, filters and sorts the findings.
// Paths, rule names, snippets and secrets come from strangers' repositories, so every string
// goes into the page through textContent or a DOM property, never as markup.
(function () {
  'use strict';

  var errorCount = 0;
  function recordError(message) {
    errorCount += 1;
    document.body.dataset.errors = String(errorCount);
    var banner = document.getElementById('errors');
    if (banner) {
      banner.hidden = false;
      banner.textContent = 'The page hit ' + errorCount + ' script error' +
        (errorCount === 1 ? '' : 's') + ' and may be incomplete: ' + message;
    }
  }
  // Errors anywhere (this script, a browser extension) are counted where tests and people see.
  window.onerror = function (message) {
    recordError(String(message));
  };

  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) {
      node.textContent = String(text);
    }
    if (className) {
      node.className = className;
    }
    return node;
  }

  function plural(n, word) {
    return n + ' ' + word + (n === 1 ? '' : 's');
  }

  function header(table, labels) {
    var row = el('tr');
    labels.forEach(function (label) {
      row.appendChild(el('th', label));
    });
    table.tHead.appendChild(row);
  }

  // A button that puts `query` in the search box, as typing it would.
  function searchButton(text, query) {
    var button = el('button', text, 'link');
    button.type = 'button';
    button.addEventListener('click', function () {
      setQuery(query);
      document.getElementById('findings').scrollIntoView();
    });
    return button;
  }

  function setQuery(query) {
    var input = document.getElementById('search');
    input.value = query;
    input.dispatchEvent(new Event('input', { bubbles: true }));
  }

  function drawMeta(data) {
    var parts = [
      data.tool.name + ' ' + data.tool.version,
      data.scope + ' scan',
      plural(data.findings.length, 'finding'),
    ];
    var named = data.repositories.filter(function (r) { return r.name !== null; });
    if (named.length > 0) {
      parts.push(named.length + (named.length === 1 ? ' repository' : ' repositories'));
    }
    document.getElementById('meta').textContent = parts.join(' · ');
    document.getElementById('incomplete').hidden = !data.incomplete;
    document.getElementById('secrets-shown').hidden = !data.secrets_shown;
  }

  function drawCards(id, counts) {
    var box = document.getElementById(id);
    counts.forEach(function (c) {
      var card = el('div', null, 'card ' + c.name + (c.count === 0 ? ' zero' : ''));
      card.appendChild(el('span', c.count, 'num'));
      card.appendChild(el('span', c.name, 'label'));
      box.appendChild(card);
    });
  }

  function drawRepositories(data) {
    var table = document.getElementById('repository-table');
    header(table, ['Repository', 'Findings'].concat(data.severities.map(function (s) {
      return s.name;
    })));
    data.repositories.forEach(function (repo) {
      var row = el('tr', null, repo.count === 0 ? 'zero' : '');
      var name = el('td');
      if (repo.name === null) {
        name.appendChild(el('span', '(this scan)', 'muted'));
      } else {
        name.appendChild(searchButton(repo.name, repo.name));
      }
      row.appendChild(name);
      row.appendChild(el('td', repo.count, 'num'));
      repo.by_severity.forEach(function (n, i) {
        row.appendChild(el('td', n, 'num ' + (n > 0 ? data.severities[i].name : 'zero')));
      });
      table.tBodies[0].appendChild(row);
    });
  }

  function drawRules(data) {
    var table = document.getElementById('rule-table');
    header(table, ['Rule', 'Name', 'Category', 'Highest', 'Findings']);
    data.rules.forEach(function (rule) {
      var row = el('tr');
      var id = el('td');
      id.appendChild(searchButton(rule.id, rule.id));
      row.appendChild(id);
      row.appendChild(el('td', rule.name));
      row.appendChild(el('td', rule.category));
      row.appendChild(el('td', rule.severity, 'sev ' + rule.severity));
      row.appendChild(el('td', rule.count, 'num'));
      table.tBodies[0].appendChild(row);
    });
    if (data.rules.length === 0) {
      var empty = el('tr');
      var cell = el('td', 'No findings.', 'muted');
      cell.colSpan = 5;
      empty.appendChild(cell);
      table.tBodies[0].appendChild(empty);
    }
  }

  function drawTimeline(data) {
    var chart = document.getElementById('timeline-chart');
    var months = data.timeline.months;
    var undated = data.timeline.undated;
    var highest = Math.max.apply(null, [undated].concat(months.map(function (m) {
      return m.count;
    })));
    if (highest === 0) {
      chart.appendChild(el('p', 'No findings to place in time.', 'muted'));
      return;
    }
    function bar(label, count, extraClass) {
      var column = el('div', null, 'bar' + (extraClass ? ' ' + extraClass : ''));
      column.title = label + ': ' + plural(count, 'finding');
      column.dataset.count = String(count);
      column.appendChild(el('span', count, 'bar-count'));
      var track = el('span', null, 'bar-track');
      var fill = el('span', null, 'bar-fill');
      fill.style.height = (100 * count / highest).toFixed(1) + '%';
      track.appendChild(fill);
      column.appendChild(track);
      column.appendChild(el('span', label, 'bar-label'));
      chart.appendChild(column);
      return column;
    }
    months.forEach(function (m) {
      var column = bar(m.month, m.count, m.count === 0 ? 'zero' : '');
      column.dataset.month = m.month;
      if (m.count > 0) {
        column.addEventListener('click', function () {
          setQuery(m.month);
        });
      }
    });
    if (undated > 0) {
      bar('no date (files)', undated, 'undated').dataset.undated = '1';
    }
  }

  // The findings table's columns: the text a cell shows (also what search matches) and the key
  // it sorts by. The repository column is left out when no finding names one (not a sweep).
  function columns(data, rank) {
    var swept = data.findings.concat(data.suppressed).some(function (r) {
      return r.repository !== null;
    });
    return [
      { label: 'Severity', text: function (r) { return r.severity; },
        key: function (r) { return rank[r.severity]; }, cls: function (r) { return 'sev ' + r.severity; } },
      { label: 'Rule', text: function (r) { return r.rule; }, title: function (r) { return r.rule_name; } },
      { label: 'Category', text: function (r) { return r.category; } },
      swept ? { label: 'Repository', text: function (r) { return r.repository || ''; } } : null,
      { label: 'Path:line', text: function (r) { return r.path + ':' + r.line; },
        key: function (r) { return [r.path, r.line]; }, cls: function () { return 'path'; } },
      { label: 'Commit', text: function (r) { return r.short_commit || ''; },
        title: function (r) { return r.commit || ''; }, cls: function () { return 'mono'; } },
      { label: 'Date', text: function (r) { return r.date || ''; } },
      { label: 'Secret', text: function (r) { return r.secret; },
        cls: function (r) { return 'mono secret' + (r.in_full ? ' plain' : ''); } },
      { label: 'Fingerprint', text: function (r) { return r.fingerprint; },
        cls: function () { return 'mono fingerprint'; } },
    ].filter(Boolean);
  }

  function compare(a, b) {
    if (Array.isArray(a)) {
      for (var i = 0; i < a.length; i += 1) {
        var c = compare(a[i], b[i]);
        if (c !== 0) {
          return c;
        }
      }
      return 0;
    }
    return a < b ? -1 : a > b ? 1 : 0;
  }

  function fillRow(row, finding, cols) {
    cols.forEach(function (col) {
      var cell = el('td', col.text(finding), col.cls ? col.cls(finding) : '');
      if (col.title) {
        cell.title = col.title(finding);
      }
      row.appendChild(cell);
    });
  }

  function drawFindings(data, rank) {
    var table = document.getElementById('findings-table');
    var body = table.tBodies[0];
    var cols = columns(data, rank);
    var entries = data.findings.map(function (finding, index) {
      var row = el('tr', null, 'finding');
      fillRow(row, finding, cols);
      body.appendChild(row);
      var words = cols.map(function (col) { return col.text(finding); });
      words.push(finding.rule_name, finding.repository || '', finding.commit || '');
      return { finding: finding, index: index, row: row, haystack: words.join('\n').toLowerCase() };
    });
    document.getElementById('total-count').textContent = String(entries.length);
    var shown = document.getElementById('shown-count');

    function filter(query) {
      var words = query.toLowerCase().split(/\s+/).filter(Boolean);
      var count = 0;
      entries.forEach(function (entry) {
        var match = words.every(function (w) { return entry.haystack.indexOf(w) !== -1; });
        entry.row.hidden = !match;
        count += match ? 1 : 0;
      });
      shown.textContent = String(count);
    }

    var headRow = el('tr');
    var sorted = { column: -1, ascending: true };
    cols.forEach(function (col, i) {
      var th = el('th');
      var button = el('button', col.label, 'sort');
      button.type = 'button';
      button.addEventListener('click', function () {
        sorted.ascending = sorted.column === i ? !sorted.ascending : true;
        sorted.column = i;
        var key = col.key || col.text;
        entries.slice().sort(function (a, b) {
          var c = compare(key(a.finding), key(b.finding));
          return (sorted.ascending ? c : -c) || a.index - b.index;
        }).forEach(function (entry) {
          body.appendChild(entry.row);
        });
        Array.prototype.forEach.call(headRow.children, function (cell, j) {
          cell.removeAttribute('aria-sort');
          if (j === i) {
            cell.setAttribute('aria-sort', sorted.ascending ? 'ascending' : 'descending');
          }
        });
      });
      th.appendChild(button);
      headRow.appendChild(th);
    });
    table.tHead.appendChild(headRow);

    var input = document.getElementById('search');
    input.addEventListener('input', function () {
      filter(input.value);
      rememberQuery(input.value);
    });
    filter('');
  }

  // Keeps the search in the address bar, so the filtered page can be shared as a link.
  function rememberQuery(query) {
    var target = query ? '#q=' + encodeURIComponent(query) : location.pathname + location.search;
    try {
      history.replaceState(null, '', target);
    } catch (e) {
      // Some viewers (sandboxed frames, some file:// settings) forbid it; the filter still works.
    }
  }

  function queryFromHash() {
    var hash = location.hash;
    if (hash.indexOf('#q=') !== 0) {
      return null;
    }
    var raw = hash.slice(3).replace(/\+/g, ' ');
    try {
      return decodeURIComponent(raw);
    } catch (e) {
      return raw;
    }
  }

  function applyHash() {
    var query = queryFromHash();
    if (query !== null && query !== document.getElementById('search').value) {
      setQuery(query);
    }
  }

  function drawSuppressed(data, rank) {
    document.getElementById('suppressed-count').textContent = String(data.suppressed.length);
    document.getElementById('suppressed-none').hidden = data.suppressed.length > 0;
    var table = document.getElementById('suppressed-table');
    if (data.suppressed.length === 0) {
      table.hidden = true;
      return;
    }
    var cols = columns(data, rank).concat([{ label: 'Suppressed by', text: function (r) {
      return r.suppressed_by || '';
    } }]);
    header(table, cols.map(function (c) { return c.label; }));
    data.suppressed.forEach(function (finding) {
      var row = el('tr', null, 'suppressed');
      fillRow(row, finding, cols);
      table.tBodies[0].appendChild(row);
    });
  }

  function drawDiagnostics(data) {
    var list = document.getElementById('diagnostic-list');
    document.getElementById('diagnostics-none').hidden = data.diagnostics.length > 0;
    data.diagnostics.forEach(function (d) {
      var item = el('li', null, d.level);
      item.appendChild(el('span', d.level, 'level'));
      item.appendChild(document.createTextNode(' ' + d.text));
      list.appendChild(item);
    });
  }

  function main() {
    var data = JSON.parse(document.getElementById('leakguard-data').textContent);
    var rank = {};
    data.severities.forEach(function (s, i) {
      rank[s.name] = i;
    });
    drawMeta(data);
    drawCards('by-severity', data.severities);
    drawCards('by-category', data.categories);
    drawRepositories(data);
    drawRules(data);
    drawTimeline(data);
    drawFindings(data, rank);
    drawSuppressed(data, rank);
    drawDiagnostics(data);
    applyHash();
    window.addEventListener('hashchange', applyHash);
    document.body.dataset.ready = '1';
  }

  try {
    main();
  } catch (e) {
    recordError(e && e.message ? e.message : String(e));
  }
})();
