// The search page: search-as-you-type over folio's JSON API (api/search, api/suggest), with the query in
// the URL (?q=...&page=N) so results can be bookmarked and the back button works. Each hit's "Related"
// link lists the articles most like it (api/similar, ?like=ID in the URL) in the same result list.
//
// Safety: nothing from a document or a query becomes HTML here. Text goes in with textContent; the
// marked-up fields, snippet_html and title_html (escaped by folio, matches in <mark>), are parsed into an
// inert document and only their text and <mark> elements are copied over. Links go only to http(s) URLs.
'use strict';

(() => {
  const DEBOUNCE_MS = 200;
  const PAGE_SIZE = 10;
  const MAX_PAGE = 100; // the API's deepest page
  const PAGE_LINKS = 3; // page links shown on each side of the current page
  const COMPLETIONS = 5;

  const $ = (id) => document.getElementById(id);
  const form = $('search-form');
  const input = $('q');
  const completions = $('completions');
  const statusLine = $('status');
  const didYouMean = $('did-you-mean');
  const didYouMeanLink = $('did-you-mean-link');
  const corrected = $('corrected');
  const correctedLink = $('corrected-link');
  const originalLink = $('original-link');
  const results = $('results');
  const pages = $('pages');

  let debounce = 0;
  let inFlight = null; // AbortController of the search being fetched
  let suggesting = null; // AbortController of the completions being fetched
  let typingEntry = false; // the current typing already has its own history entry
  let current = { q: '', page: 1, like: '' }; // like: the id whose related articles are shown, or ''

  // The query searched without typo tolerance (?typo=false, the notice's "search instead" link); another
  // query typed has it again.
  let exactQuery = null;

  // ---- URL and history -------------------------------------------------------------------------

  function stateFromUrl() {
    const params = new URLSearchParams(location.search);
    const page = Number.parseInt(params.get('page') || '1', 10);
    exactQuery = params.get('typo') === 'false' ? params.get('q') || '' : null;
    const like = params.get('like') || '';
    return { q: like ? '' : params.get('q') || '', page: page >= 1 && page <= MAX_PAGE ? page : 1, like };
  }

  function urlFor(q, page, like = '') {
    const params = new URLSearchParams();
    if (like) params.set('like', like);
    else if (q) params.set('q', q);
    if (page > 1) params.set('page', String(page));
    if (q === exactQuery) params.set('typo', 'false');
    const search = params.toString();
    return search ? `?${search}` : location.pathname;
  }

  // mode: 'push' (a new history entry), 'replace' (update this one) or 'keep' (the URL is already right).
  function record(q, page, mode, like) {
    if (mode === 'push') history.pushState({ q, page, like }, '', urlFor(q, page, like));
    else if (mode === 'replace') history.replaceState({ q, page, like }, '', urlFor(q, page, like));
  }

  // ---- Rendering -------------------------------------------------------------------------------

  function safeHref(url) {
    if (!url || !/^https?:\/\//i.test(url)) return null;
    try {
      const u = new URL(url);
      return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
    } catch {
      return null;
    }
  }

  // snippet_html or title_html -> DOM nodes: text, and <mark> holding text; any other element is reduced to its text.
  function snippetNodes(html) {
    const doc = new DOMParser().parseFromString(html, 'text/html');
    const out = [];
    for (const node of doc.body.childNodes) {
      if (node.nodeType === Node.ELEMENT_NODE && node.nodeName === 'MARK') {
        const mark = document.createElement('mark');
        mark.textContent = node.textContent;
        out.push(mark);
      } else {
        out.push(document.createTextNode(node.textContent));
      }
    }
    return out;
  }

  function hitElement(hit) {
    const li = document.createElement('li');
    li.className = 'hit';
    li.tabIndex = -1;
    // The hit's own language, for the browser's hyphenation, fonts and screen readers; a tag from an
    // untrusted document is set only when it is shaped like one.
    if (typeof hit.lang === 'string' && /^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$/.test(hit.lang)) li.lang = hit.lang;
    const h2 = document.createElement('h2');
    const href = safeHref(hit.url);
    // The title with its matches marked, as the snippet; a hit without one is named by its id.
    const title = hit.title && hit.title_html ? snippetNodes(hit.title_html)
      : [document.createTextNode(hit.title || hit.id || '(untitled)')];
    if (href) {
      const a = document.createElement('a');
      a.href = href;
      a.rel = 'noreferrer';
      a.append(...title);
      h2.append(a);
    } else {
      h2.append(...title);
    }
    const meta = document.createElement('p');
    meta.className = 'meta';
    if (hit.date) {
      const time = document.createElement('time');
      time.dateTime = hit.date;
      time.textContent = hit.date.slice(0, 10);
      meta.append(time);
    }
    const where = document.createElement('span');
    where.textContent = hit.url || hit.id;
    const related = document.createElement('a');
    related.className = 'related';
    related.href = urlFor('', 1, hit.id);
    related.dataset.like = hit.id;
    related.textContent = 'Related';
    meta.append(where, related);
    li.append(h2, meta);
    if (hit.snippet_html) {
      const snippet = document.createElement('p');
      snippet.className = 'snippet';
      snippet.append(...snippetNodes(hit.snippet_html));
      li.append(snippet);
    }
    if (hit.duplicates && hit.duplicates.count > 0) li.append(duplicatesElement(hit.duplicates));
    return li;
  }

  // The near-duplicates collapsed into a hit (the same story republished): "and N similar", which opens
  // to their ids (the first 10; "…" for the rest).
  function duplicatesElement(duplicates) {
    const details = document.createElement('details');
    details.className = 'duplicates';
    const summary = document.createElement('summary');
    summary.textContent = `and ${duplicates.count.toLocaleString('en')} similar`;
    const list = document.createElement('ul');
    for (const id of duplicates.ids) {
      const item = document.createElement('li');
      item.textContent = id;
      list.append(item);
    }
    if (duplicates.ids.length < duplicates.count) {
      const more = document.createElement('li');
      more.textContent = '…';
      list.append(more);
    }
    details.append(summary, list);
    return details;
  }

  function countText(data) {
    if (data.total === 0) return data.like ? `No articles like “${data.like}”.` : `No results for “${data.query}”.`;
    const total = data.total.toLocaleString('en');
    const first = data.offset + 1;
    const last = data.offset + data.hits.length;
    const of = data.total_exact ? total : `at least ${total}`;
    if (data.hits.length === 0) return `${of} results; this page is past the last one.`;
    const found = data.total === 1 ? '1 result' : `${of} results`;
    // Near-duplicates collapsed: the distinct articles too.
    const distinct = data.distinct !== undefined && data.distinct !== data.total
      ? `, ${data.distinct_exact ? '' : 'at least '}${data.distinct.toLocaleString('en')} distinct` : '';
    return `${data.like ? `Articles like “${data.like}”: ` : ''}${found}${distinct} (showing ${first}–${last})`;
  }

  function pageLink(q, page, label, rel, like) {
    const a = document.createElement('a');
    a.href = urlFor(q, page, like);
    a.textContent = label;
    a.dataset.page = String(page);
    if (rel) a.rel = rel;
    return a;
  }

  function renderPages(data, page) {
    pages.replaceChildren();
    // Pages of hits: the distinct articles when near-duplicates are collapsed.
    const hits = data.distinct !== undefined ? data.distinct : data.total;
    const last = Math.min(Math.ceil(hits / PAGE_SIZE), MAX_PAGE);
    if (last <= 1) return;
    const link = (n, label, rel) => pageLink(data.query, n, label, rel, data.like);
    if (page > 1) pages.append(link(page - 1, '← Previous', 'prev'));
    const from = Math.max(1, page - PAGE_LINKS);
    const to = Math.min(last, page + PAGE_LINKS);
    for (let n = from; n <= to; n++) {
      if (n === page) {
        const span = document.createElement('span');
        span.textContent = String(n);
        span.setAttribute('aria-current', 'page');
        pages.append(span);
      } else {
        pages.append(link(n, String(n)));
      }
    }
    if (page < last) pages.append(link(page + 1, 'Next →', 'next'));
  }

  function showStatus(text, isError) {
    statusLine.textContent = text;
    statusLine.classList.toggle('error', Boolean(isError));
  }

  function clearResults() {
    delete results.dataset.query;
    delete results.dataset.like;
    results.replaceChildren();
    pages.replaceChildren();
    didYouMean.hidden = true;
    corrected.hidden = true;
  }

  // results.dataset.query names the query the shown results answer: while a newer one is being typed
  // or fetched, what is on screen may still be an older query's (scripts and tests wait on it);
  // results.dataset.like, the document whose related articles they are.
  function render(data, page) {
    results.dataset.query = data.query;
    if (data.like) results.dataset.like = data.like;
    else delete results.dataset.like;
    results.replaceChildren(...data.hits.map(hitElement));
    showStatus(countText(data));
    didYouMean.hidden = !data.suggestion;
    if (data.suggestion) {
      didYouMeanLink.textContent = data.suggestion;
      didYouMeanLink.href = urlFor(data.suggestion, 1);
    }
    corrected.hidden = !data.corrected_query;
    if (data.corrected_query) {
      correctedLink.textContent = data.corrected_query;
      correctedLink.href = urlFor(data.corrected_query, 1);
      originalLink.textContent = data.query;
      const params = new URLSearchParams({ q: data.query, typo: 'false' });
      originalLink.href = `?${params}`;
    }
    renderPages(data, page);
  }

  // ---- Searching -------------------------------------------------------------------------------

  async function search(q, page, mode, like = '') {
    record(q, page, mode, like);
    current = { q, page, like };
    document.title = like ? `Like ${like} – Search` : q ? `${q} – Search` : 'Search';
    if (inFlight) inFlight.abort();
    inFlight = null;
    if (!q.trim() && !like) {
      clearResults();
      showStatus('');
      return;
    }
    const controller = new AbortController();
    inFlight = controller;
    // Near-duplicates shown once: the API's default is off (it costs a search several times its time).
    const params = new URLSearchParams({ page: String(page), limit: String(PAGE_SIZE), collapse: 'true' });
    if (like) params.set('id', like);
    else params.set('q', q);
    if (!like && q === exactQuery) params.set('typo', 'false');
    try {
      const response = await fetch(`api/${like ? 'similar' : 'search'}?${params}`, { signal: controller.signal });
      const data = await response.json();
      if (controller.signal.aborted) return;
      if (!response.ok || data.error) {
        clearResults();
        showStatus(data.error ? data.error.message : `The search failed (HTTP ${response.status}).`, true);
        return;
      }
      render(data, page);
    } catch (e) {
      if (e.name === 'AbortError') return;
      clearResults();
      showStatus('The search service cannot be reached.', true);
    }
  }

  async function suggest(q) {
    if (suggesting) suggesting.abort();
    suggesting = null;
    completions.replaceChildren();
    completions.hidden = true;
    if (!q.trim() || /\s$/.test(q)) return;
    const controller = new AbortController();
    suggesting = controller;
    try {
      const response = await fetch(`api/suggest?${new URLSearchParams({ q })}`, { signal: controller.signal });
      const data = await response.json();
      if (controller.signal.aborted || !response.ok || !Array.isArray(data.suggestions)) return;
      for (const text of data.suggestions.filter((s) => s !== q).slice(0, COMPLETIONS)) {
        const li = document.createElement('li');
        const button = document.createElement('button');
        button.type = 'button';
        button.textContent = text;
        button.dataset.query = text;
        li.append(button);
        completions.append(li);
      }
      completions.hidden = completions.childElementCount === 0;
    } catch {
      // Completions are a nicety: without them the page works the same.
    }
  }

  // A search the visitor asked for explicitly (Enter, a link): its own history entry.
  function go(q, page, like = '') {
    clearTimeout(debounce);
    typingEntry = false;
    input.value = q;
    const same = q === current.q && page === current.page && like === current.like;
    search(q, page, same ? 'replace' : 'push', like);
  }

  // ---- Events ----------------------------------------------------------------------------------

  input.addEventListener('input', () => {
    clearTimeout(debounce);
    debounce = setTimeout(() => {
      const q = input.value;
      // One history entry for a burst of typing, updated as it goes.
      search(q, 1, typingEntry ? 'replace' : 'push');
      typingEntry = true;
      suggest(q);
    }, DEBOUNCE_MS);
  });

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    completions.hidden = true;
    go(input.value, 1);
  });

  completions.addEventListener('click', (event) => {
    const button = event.target.closest('button');
    if (!button) return;
    completions.hidden = true;
    go(button.dataset.query, 1);
    input.focus();
  });

  pages.addEventListener('click', (event) => {
    const a = event.target.closest('a[data-page]');
    if (!a || event.ctrlKey || event.metaKey || event.shiftKey) return;
    event.preventDefault();
    go(current.q, Number(a.dataset.page), current.like);
    window.scrollTo(0, 0);
  });

  results.addEventListener('click', (event) => {
    const a = event.target.closest('a.related');
    if (!a || event.ctrlKey || event.metaKey || event.shiftKey) return;
    event.preventDefault();
    go('', 1, a.dataset.like);
    window.scrollTo(0, 0);
  });

  didYouMeanLink.addEventListener('click', (event) => {
    if (event.ctrlKey || event.metaKey || event.shiftKey) return;
    event.preventDefault();
    go(didYouMeanLink.textContent, 1);
  });

  window.addEventListener('popstate', () => {
    clearTimeout(debounce);
    typingEntry = false;
    const state = stateFromUrl();
    input.value = state.q;
    search(state.q, state.page, 'keep', state.like);
  });

  function hits() {
    return Array.from(results.querySelectorAll('.hit'));
  }

  function moveAmongHits(step) {
    const list = hits();
    const at = list.indexOf(document.activeElement.closest('.hit'));
    const next = at + step;
    if (next < 0) input.focus();
    else if (next < list.length) list[next].focus();
  }

  function turnPage(step) {
    const a = pages.querySelector(`a[rel="${step < 0 ? 'prev' : 'next'}"]`);
    if (a) go(current.q, Number(a.dataset.page), current.like);
  }

  document.addEventListener('keydown', (event) => {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const inInput = document.activeElement === input;
    if (event.key === '/' && !inInput) {
      event.preventDefault();
      input.focus();
      input.select();
    } else if (event.key === 'Escape' && inInput) {
      completions.hidden = true;
    } else if (event.key === 'ArrowDown' && (inInput || document.activeElement.closest('.hit'))) {
      event.preventDefault();
      moveAmongHits(1);
    } else if (event.key === 'ArrowUp' && document.activeElement.closest('.hit')) {
      event.preventDefault();
      moveAmongHits(-1);
    } else if (event.key === 'Enter' && document.activeElement.classList.contains('hit')) {
      const link = document.activeElement.querySelector('h2 a');
      if (link) link.click();
    } else if ((event.key === 'ArrowLeft' || event.key === 'ArrowRight') && !inInput) {
      turnPage(event.key === 'ArrowLeft' ? -1 : 1);
    }
  });

  // ---- Start -----------------------------------------------------------------------------------

  const start = stateFromUrl();
  input.value = start.q;
  current = start;
  history.replaceState(start, '', location.href);
  if (start.q || start.like) search(start.q, start.page, 'keep', start.like);
})();
