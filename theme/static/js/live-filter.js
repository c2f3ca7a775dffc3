// The member directory and the resource library, filtered live by the search index. The
// page's own server-rendered list stays the answer while no filter is set, and the whole
// page works without JavaScript: this only adds the panel and swaps the list.

import { startPanel } from "./search/controller.js";
import { element, pager } from "./search/render.js";

const script = document.querySelector("script[data-pagefind]");
const form = document.querySelector("[data-filter-panel]");
const original = document.querySelector("[data-live-original]");
const status = document.querySelector("[data-search-status]");
const PAGE_SIZE = 48;

// Each result is shown as the very card the page already has for it.
const cards = new Map();
for (const link of original.querySelectorAll(".card-title a")) {
  cards.set(new URL(link.href).pathname, link.closest("li"));
}

// A page the list does not have (the index is newer than this page): its title, linked.
function plain(data) {
  const item = element("li", "card");
  const link = element("a", "", data.meta.title);
  link.href = data.url;
  item.append(link);
  return item;
}

const results = pager({
  list: document.querySelector("[data-search-results]"),
  more: document.querySelector("[data-more]"),
  size: PAGE_SIZE,
  build: (data) => cards.get(new URL(data.url, location.href).pathname)?.cloneNode(true) ?? plain(data),
});

// The panel replaces the facet links, which stay for browsers without JavaScript.
document.querySelector("[data-live-replaces]").hidden = true;
form.hidden = false;
let filtered = false;

startPanel({
  form,
  pagefindUrl: new URL(script.dataset.pagefind, document.baseURI),
  view: {
    showAll() {
      results.clear();
      original.hidden = false;
      // Said only when a filter is taken away, not when the page opens.
      status.textContent = filtered ? `Showing all ${cards.size} ${form.dataset.noun}.` : "";
      filtered = false;
    },
    async show(outcome, state, stillCurrent) {
      await results.start(outcome.results, stillCurrent);
      if (!stillCurrent()) return;
      filtered = true;
      original.hidden = true;
      const count = outcome.results.length;
      status.textContent = count
        ? `${count} of ${cards.size} ${form.dataset.noun} match.`
        : `No ${form.dataset.noun} match. Try other words or clear some filters.`;
    },
    failed() {
      results.clear();
      original.hidden = false;
      status.textContent = `Filtering could not load; all ${cards.size} ${form.dataset.noun} are shown.`;
    },
  },
});
