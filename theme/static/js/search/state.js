// A search's state is what its form holds: the words, the sort and the checked filter
// values. In the URL it reads the way a GET form writes it, so it can be bookmarked,
// shared and restored: ?q=crisis&type=hospital&platform=tiktok&platform=x&sort=name

export function readForm(form) {
  const filters = new Map();
  for (const box of form.querySelectorAll("input[type=checkbox]:checked")) {
    filters.set(box.name, [...(filters.get(box.name) || []), box.value]);
  }
  return {
    query: form.elements.q.value.trim(),
    sort: form.elements.sort.value,
    filters,
  };
}

// Sets the form from a URL's parameters; values the form does not offer are dropped.
export function writeForm(form, params) {
  form.elements.q.value = params.get("q") || "";
  const sort = form.elements.sort;
  const wanted = params.get("sort");
  sort.value = [...sort.options].some((option) => option.value === wanted)
    ? wanted
    : form.dataset.defaultSort;
  for (const box of form.querySelectorAll("input[type=checkbox]")) {
    box.checked = params.getAll(box.name).includes(box.value);
    // A group with a chosen value is shown open, so that the choice can be seen.
    if (box.checked) box.closest("details").open = true;
  }
}

export function toParams(state, defaultSort) {
  const params = new URLSearchParams();
  if (state.query) params.set("q", state.query);
  for (const [group, values] of state.filters) {
    for (const value of values) params.append(group, value);
  }
  if (state.sort !== defaultSort) params.set("sort", state.sort);
  return params;
}

export function hasFilters(state) {
  return state.filters.size > 0;
}
