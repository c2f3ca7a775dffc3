// The search page: the query, filters and sort of the URL, results with highlighted
// excerpts and logos. Pagefind loads from the site itself once there is something to search.

import { startPanel } from "./search/controller.js";
import { siteRoot } from "./search/pagefind.js";
import { element, excerpt, pager } from "./search/render.js";

const script = document.querySelector("script[data-pagefind]");
const pagefindUrl = new URL(script.dataset.pagefind, document.baseURI);
const root = siteRoot(pagefindUrl);
const form = document.querySelector("[data-filter-panel]");
const status = document.querySelector("[data-search-status]");
// Ten at first: each result's data is a download of its own and Pagefind's work to excerpt.
const PAGE_SIZE = 10;

function resultItem(data, query) {
  const item = element("li", "search-result");
  if (data.meta.image) {
    const logo = element("img", "result-logo");
    logo.src = new URL(data.meta.image, root).href;
    logo.alt = "";
    logo.width = logo.height = 48;
    item.append(logo);
  } else if (data.meta.initials) {
    const initials = element("span", "result-logo initials", data.meta.initials);
    initials.setAttribute("aria-hidden", "true");
    item.append(initials);
  }
  const body = element("div", "card-body");
  const heading = element("h2", "card-title");
  const link = element("a", "", data.meta.title || data.url);
  link.href = data.url;
  heading.append(link);
  const kind = element("p", "card-kicker");
  kind.append(element("span", "kind-badge", data.meta.kind || ""));
  // With words, the passage that matched; without, the page's own summary.
  const text = query ? excerpt(data.excerpt) : element("p", "card-summary", data.meta.summary);
  body.append(kind, heading, text);
  item.append(body);
  return item;
}

let query = "";
const results = pager({
  list: document.querySelector("[data-search-results]"),
  more: document.querySelector("[data-more]"),
  size: PAGE_SIZE,
  build: (data) => resultItem(data, query),
});

function plural(count, one, many) {
  return `${count} ${count === 1 ? one : many}`;
}

startPanel({
  form,
  pagefindUrl,
  pageSize: PAGE_SIZE,
  view: {
    showAll() {
      results.clear();
      status.textContent = status.dataset.hint;
    },
    async show(outcome, state, stillCurrent) {
      query = state.query;
      const count = outcome.results.length;
      const found = plural(count, "result", "results");
      const words = state.searched ? ` for “${state.searched}”` : "";
      const filtered = state.filters.size ? " with the chosen filters" : "";
      await results.start(outcome.results, stillCurrent);
      if (!stillCurrent()) return;
      status.textContent = count
        ? `${found}${words}${filtered}.`
        : `No results${words}${filtered}. Try other words or clear some filters.`;
    },
    failed() {
      results.clear();
      status.textContent = "Search could not load. Check your connection and reload the page.";
    },
  },
});
