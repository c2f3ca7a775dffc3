// Building result elements from Pagefind's data, as text: nothing from the index is ever
// parsed as HTML except the <mark> tags of an excerpt, which are rebuilt one by one.

export function excerpt(html) {
  const template = document.createElement("template");
  template.innerHTML = html;
  const paragraph = document.createElement("p");
  paragraph.className = "card-summary";
  for (const node of template.content.childNodes) {
    if (node.nodeName === "MARK") {
      const mark = document.createElement("mark");
      mark.textContent = node.textContent;
      paragraph.append(mark);
    } else {
      paragraph.append(node.textContent);
    }
  }
  return paragraph;
}

export function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

// Results arrive as a list of handles; their data loads a page at a time ("Show more").
export function pager({ list, more, size, build }) {
  let results = [];
  let shown = 0;
  let generation = 0; // a new search makes pages still loading for the old one moot

  async function load(stillCurrent) {
    const first = shown === 0;
    const page = results.slice(shown, shown + size);
    const data = await Promise.all(page.map((result) => result.data()));
    if (!stillCurrent()) return [];
    const items = data.map(build);
    if (first) list.replaceChildren(...items);
    else list.append(...items);
    shown += page.length;
    more.hidden = shown >= results.length;
    return items;
  }

  more.addEventListener("click", async () => {
    const mine = generation;
    const items = await load(() => mine === generation);
    // Keyboard users go on from the first new result rather than from the top.
    items[0]?.querySelector("a")?.focus();
  });

  return {
    start(newResults, stillCurrent) {
      const mine = ++generation;
      results = newResults;
      shown = 0;
      return load(() => mine === generation && stillCurrent());
    },
    clear() {
      generation++;
      results = [];
      shown = 0;
      list.replaceChildren();
      more.hidden = true;
    },
  };
}
