// Runs a filter panel: a form with a query box, a sort and filter checkboxes. Every change
// searches the index and hands the outcome to a view; the URL follows every change, and
// the back button brings back the previous state. Pagefind loads at the first search.

import { countsFor, loadPagefind, searchIndex } from "./pagefind.js";
import { hasFilters, readForm, toParams, writeForm } from "./state.js";

const TYPING_PAUSE = 250; // ms of quiet before a half-typed query is searched

export function startPanel({ form, view, pagefindUrl }) {
  const defaultSort = form.dataset.defaultSort;
  const scope = form.dataset.scope || null; // "member": only members; none: everything
  const clear = form.querySelector("[data-clear]");
  let run = 0;
  let typing = false; // while typing, the URL is replaced rather than added to history
  let timer;

  // A list page sorted another way is a state of its own; the site search needs words
  // or filters, since an empty search there finds nothing to sort.
  const isActive = (state) =>
    Boolean(state.query) || hasFilters(state) || (scope !== null && state.sort !== defaultSort);

  async function update() {
    const current = ++run;
    const state = readForm(form);
    clear.disabled = !state.query && !hasFilters(state) && state.sort === defaultSort;
    if (!isActive(state)) {
      form.removeAttribute("aria-busy"); // a search still running is moot
      showCounts(form, null);
      view.showAll();
      return;
    }
    form.setAttribute("aria-busy", "true");
    try {
      const pagefind = await loadPagefind(pagefindUrl);
      const open = [...form.querySelectorAll("details[open]")].map((group) => group.dataset.group);
      const missing = open.filter((group) => !counted.has(group));
      if (missing.length) {
        missing.forEach((group) => counted.add(group));
        await countsFor(pagefind, state, missing);
      }
      const outcome = await searchIndex(pagefind, state, scope);
      if (current !== run) return;
      showCounts(form, outcome.counts);
      await view.show(outcome, state, () => current === run);
    } catch (error) {
      if (current === run) view.failed(error);
    } finally {
      if (current === run) form.removeAttribute("aria-busy");
    }
  }

  function remember() {
    const params = toParams(readForm(form), defaultSort).toString();
    const search = params ? `?${params}` : "";
    if (search === location.search) return;
    const url = search || location.pathname;
    if (typing) history.replaceState(null, "", url);
    else history.pushState(null, "", url);
  }

  form.addEventListener("input", (event) => {
    if (event.target.name !== "q") return;
    clearTimeout(timer);
    timer = setTimeout(() => {
      remember();
      typing = true;
      update();
    }, TYPING_PAUSE);
  });
  form.addEventListener("change", (event) => {
    if (event.target.name === "q") return;
    typing = false;
    remember();
    update();
  });
  // A group opened while searching shows its counts once the index has loaded them.
  const counted = new Set();
  form.addEventListener(
    "toggle",
    async (event) => {
      const group = event.target.dataset.group;
      const state = readForm(form);
      if (!event.target.open || !group || counted.has(group) || !isActive(state)) return;
      counted.add(group);
      await countsFor(await loadPagefind(pagefindUrl), state, [group]);
      update();
    },
    true, // toggle events do not bubble
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearTimeout(timer);
    remember();
    typing = false;
    update();
  });
  clear.addEventListener("click", () => {
    clearTimeout(timer);
    writeForm(form, new URLSearchParams());
    typing = false;
    remember();
    update();
    form.elements.q.focus();
  });
  window.addEventListener("popstate", () => {
    clearTimeout(timer);
    writeForm(form, new URLSearchParams(location.search));
    typing = false;
    update();
  });

  writeForm(form, new URLSearchParams(location.search));
  // On a narrow screen the panel sits above the results: groups start closed there.
  if (matchMedia("(max-width: 52rem)").matches) {
    for (const group of form.querySelectorAll("details:not(:has(:checked))")) group.open = false;
  }
  form.dataset.live = ""; // site.css showed the groups closed until now: nothing moves
  update();
}

// Each value's count as the index gives it for the current search (null: the counts the
// page came with, over everything); values nothing would match are dimmed. A group whose
// counts are not loaded yet (it is closed) shows none rather than stale ones.
function showCounts(form, counts) {
  for (const box of form.querySelectorAll("input[type=checkbox]")) {
    const label = box.closest("label");
    const shown = label.querySelector("[data-count]");
    shown.dataset.all ??= shown.textContent;
    const known = !counts || box.name in counts;
    const count = counts ? (counts[box.name]?.[box.value] ?? 0) : Number(shown.dataset.all);
    shown.textContent = known ? count : "";
    label.classList.toggle("is-empty", known && count === 0 && !box.checked);
  }
}
