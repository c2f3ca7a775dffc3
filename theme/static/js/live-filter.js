// The member directory and the resource library, filtered live by the search index. The
// page's own server-rendered list (one page of it) stays the answer while no filter is set,
// and the whole site works without JavaScript: this only adds the panel and shows results
// as cards built from what the index keeps of each item, so any item of the list can be
// shown, not only those of the page.

import { startPanel } from "./search/controller.js";
import { siteRoot } from "./search/pagefind.js";
import { card, pager } from "./search/render.js";

const script = document.querySelector("script[data-pagefind]");
const pagefindUrl = new URL(script.dataset.pagefind, document.baseURI);
const root = siteRoot(pagefindUrl);
const form = document.querySelector("[data-filter-panel]");
const original = document.querySelector("[data-live-original]");
const status = document.querySelector("[data-search-status]");
const total = Number(form.dataset.total);
const PAGE_SIZE = 24;

const results = pager({
  list: document.querySelector("[data-search-results]"),
  more: document.querySelector("[data-more]"),
  size: PAGE_SIZE,
  build: (data) => card(data, root),
});

// The panel replaces the facet links, which stay for browsers without JavaScript. Where the
// browser reports scripting, site.css has shown it so from the first paint (no layout
// shift); data-live also shows it in browsers that do not, and says it is wired up.
document.querySelector("[data-live-replaces]").hidden = true;
form.dataset.live = "";
let filtered = false;

startPanel({
  form,
  pagefindUrl,
  pageSize: PAGE_SIZE,
  view: {
    showAll() {
      results.clear();
      original.hidden = false;
      // Said only when a filter is taken away, not when the page opens.
      status.textContent = filtered ? `Showing all ${total} ${form.dataset.noun}.` : "";
      filtered = false;
    },
    async show(outcome, state, stillCurrent) {
      await results.start(outcome.results, stillCurrent);
      if (!stillCurrent()) return;
      filtered = true;
      original.hidden = true;
      const count = outcome.results.length;
      status.textContent = count
        ? `${count} of ${total} ${form.dataset.noun} match.`
        : `No ${form.dataset.noun} match. Try other words or clear some filters.`;
    },
    failed() {
      results.clear();
      original.hidden = false;
      status.textContent = `Filtering could not load; the list is shown as it is.`;
    },
  },
});
