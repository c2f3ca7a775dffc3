// Runs a filter panel: a form with a query box, a sort and filter checkboxes. Every change
// searches the index and hands the outcome to a view; the URL follows every change, and
// the back button brings back the previous state. Pagefind loads when the query box gets
// focus or at the first search; the counts of the filter groups in view load once the
// results show.

import { bestFirst, countsFor, loadPagefind, searchIndex, siteRoot } from "./pagefind.js";
import { hasFilters, readForm, toParams, writeForm } from "./state.js";
import { canonical, corrected, loadWords, tokens, understand } from "./words.js";

const TYPING_PAUSE = 250; // ms of quiet before a half-typed query is searched

export function startPanel({ form, view, pagefindUrl, pageSize }) {
  const root = siteRoot(pagefindUrl);
  const defaultSort = form.dataset.defaultSort;
  const notes = document.querySelector("[data-search-notes]");
  const dismissed = new Set(); // words that named a filter, its chip removed: words again
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
      showNotes([], null, state);
      view.showAll();
      return;
    }
    form.setAttribute("aria-busy", "true");
    try {
      const [pagefind, words] = await Promise.all([loadPagefind(pagefindUrl), loadWords(root)]);
      const { search, chips, fixed } = await understood(state, words);
      let outcome = await searchIndex(pagefind, search, scope, defaultSort);
      if (current !== run) return;
      if (outcome.bestMatch) {
        const name = (title) => canonical(tokens(title), words);
        outcome.results = await bestFirst(outcome.results, search.term.split(" "), name, pageSize);
      }
      if (current !== run) return;
      showCounts(form, outcome.counts);
      showNotes(chips, fixed, state);
      // The view says what was searched: the corrected words where a typo was.
      await view.show(outcome, { ...state, searched: fixed || state.query }, () => current === run);
      // The counts of groups in view that the search did not load: now, after the results.
      const open = [...form.querySelectorAll("details[open]")].map((group) => group.dataset.group);
      const missing = open.filter((group) => !counted.has(group));
      if (missing.length && current === run) {
        missing.forEach((group) => counted.add(group));
        await countsFor(pagefind, search, missing);
        outcome = await searchIndex(pagefind, search, scope, defaultSort);
        if (current === run) showCounts(form, outcome.counts);
      }
    } catch (error) {
      if (current === run) view.failed(error);
    } finally {
      if (current === run) form.removeAttribute("aria-busy");
    }
  }

  // The search the words mean: filters they name (those this panel offers), synonyms, and
  // typos corrected unless the URL asks for the words as typed (&typed=1).
  async function understood(state, words) {
    const meant = understand(state.query, words, dismissed);
    const offered = (chip) =>
      [...form.querySelectorAll(`input[name="${chip.group}"]`)].some((box) => box.value === chip.value);
    const chips = meant.chips.filter(offered);
    let list = meant.words;
    for (const chip of meant.chips) if (!offered(chip)) list.push(...chip.phrase.split(" "));
    const fixed = asTyped() ? null : await corrected(list, words, root, typing);
    list = fixed || list;
    const filters = new Map(state.filters);
    for (const chip of chips) {
      const values = filters.get(chip.group) || [];
      if (!values.includes(chip.value)) filters.set(chip.group, [...values, chip.value]);
    }
    const term = canonical(list, words).join(" ");
    return { search: { ...state, term, filters }, chips, fixed: fixed && fixed.join(" ") };
  }

  const asTyped = () => new URLSearchParams(location.search).get("typed") === "1";

  // The filters the words named, each a button that takes it away, and the correction.
  function showNotes(chips, fixed, state) {
    if (!notes) return;
    const parts = [];
    if (chips.length) {
      const list = document.createElement("ul");
      list.className = "chips";
      list.setAttribute("aria-label", "Filters from your words");
      for (const chip of chips) {
        const item = document.createElement("li");
        const button = document.createElement("button");
        button.type = "button";
        button.className = "chip";
        button.textContent = `${chip.label} ×`;
        button.setAttribute("aria-label", `Remove the filter ${chip.label}, search "${chip.phrase}" as words`);
        button.addEventListener("click", () => {
          dismissed.add(chip.phrase);
          update();
          form.elements.q.focus();
        });
        item.append(button);
        list.append(item);
      }
      parts.push(list);
    }
    if (fixed) {
      const note = document.createElement("p");
      note.className = "correction";
      const shown = document.createElement("strong");
      shown.textContent = fixed;
      const typed = document.createElement("a");
      const params = toParams(state, defaultSort);
      params.set("typed", "1");
      typed.href = `?${params}`;
      typed.textContent = `Search for “${state.query}” instead`;
      note.append("Showing results for ", shown, ". ", typed);
      parts.push(note);
    }
    notes.replaceChildren(...parts);
    notes.hidden = parts.length === 0;
  }

  function remember() {
    const params = toParams(readForm(form), defaultSort).toString();
    const search = params ? `?${params}` : "";
    if (search === location.search) return;
    const url = search || location.pathname;
    if (typing) history.replaceState(null, "", url);
    else history.pushState(null, "", url);
  }

  // Pagefind (and the words) load while the visitor is still typing the first word.
  form.elements.q.addEventListener(
    "focus",
    () => {
      loadPagefind(pagefindUrl).catch(() => {});
      loadWords(root);
    },
    { once: true },
  );
  form.addEventListener("input", (event) => {
    if (event.target.name !== "q") return;
    dismissed.clear();
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
  // A group opened shows its counts once loaded: a search running will load them after
  // its results (it looks at the open groups then), otherwise the search runs again.
  const counted = new Set();
  form.addEventListener(
    "toggle",
    (event) => {
      const group = event.target.dataset.group;
      if (!event.target.open || !group || counted.has(group)) return;
      if (form.hasAttribute("aria-busy") || !isActive(readForm(form))) return;
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
