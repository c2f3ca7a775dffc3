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

// A result as the same card the server renders for the item (partials/member_card.html
// and partials/resource_card.html), from the metadata the index keeps for it.
export function card(data, root) {
  return data.meta.kind === "Resource" ? resourceCard(data) : memberCard(data, root);
}

function titleLink(data, tag) {
  const heading = element(tag, "card-title");
  const link = element("a", "", data.meta.title || data.url);
  link.href = data.url;
  heading.append(link);
  return heading;
}

export function logo(data, root, size) {
  // The size classes of partials/member_logo.html (site.css): no inline styles.
  const box = element("div", `logo logo-${size}`);
  if (data.meta.image) {
    const image = element("img");
    image.src = new URL(data.meta.image, root).href;
    image.alt = "";
    image.width = image.height = size;
    image.loading = "lazy";
    box.append(image);
  } else {
    const initials = element("span", "initials", data.meta.initials || "");
    initials.setAttribute("aria-hidden", "true");
    box.append(initials);
  }
  return box;
}

function memberCard(data, root) {
  const item = element("li");
  const article = element("article", "card member-card");
  const body = element("div", "card-body");
  body.append(
    titleLink(data, "h3"),
    element("p", "card-meta", data.meta.line || ""),
    element("p", "card-summary", data.meta.summary || ""),
  );
  if (data.meta.tier) body.append(element("p", `tier tier-${data.meta.tierkey}`, data.meta.tier));
  article.append(logo(data, root, 56), body);
  item.append(article);
  return item;
}

function resourceCard(data) {
  const item = element("li");
  const article = element("article", "card resource-card");
  const body = element("div", "card-body");
  const kicker = element("p", "card-kicker");
  kicker.append(
    element("span", `type-badge type-${data.meta.badgekey}`, data.meta.badge || ""),
    " ",
    element("span", "card-time", data.meta.time || ""),
  );
  body.append(
    kicker,
    titleLink(data, "h3"),
    element("p", "card-summary", data.meta.summary || ""),
    element("p", "card-meta", data.meta.line || ""),
  );
  article.append(body);
  item.append(article);
  return item;
}
