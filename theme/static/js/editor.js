// The web editor (/admin/, plugins/healthnet/editor.py): the file formats it writes, and its
// previews.
//
// Formats: Decap's own YAML writer follows YAML 1.2, so it leaves `region: ON`, `country: NO`
// or `yes` unquoted, which YAML 1.1 (the validator, and most editors) reads as booleans. These
// write with js-yaml (vendored in theme/static/js-yaml/), which quotes them, drop the empty
// values a form leaves (an untouched optional date is ""), order the fields as the form does
// and put the schema line back above the first one, as in a hand-written file.
//
// Previews: an entry roughly as the site shows it, in the site's own stylesheet. Values are
// rendered by React as text, and Markdown through Decap's sanitized preview: nothing typed in
// a form becomes markup.
(() => {
  const { CMS, h, jsyaml } = window;
  if (!CMS || !h || !jsyaml) return;
  const script = document.currentScript;

  const READ = { schema: jsyaml.CORE_SCHEMA };  // dates stay text, as the validator keeps them
  const WRITE = { lineWidth: -1, noRefs: true, quotingType: '"' };

  function isEmpty(value) {
    if (value === null || value === undefined || value === "") return true;
    if (Array.isArray(value)) return value.length === 0;
    return typeof value === "object" && Object.keys(value).length === 0;
  }

  // The value without empty strings, lists and mappings, its keys in the form's order.
  function cleaned(value, order, prefix) {
    if (Array.isArray(value)) {
      return value.map((item) => cleaned(item, order, prefix)).filter((item) => !isEmpty(item));
    }
    if (value === null || typeof value !== "object") return value;
    const rank = (key) => {
      const at = order.indexOf(prefix + key);
      return at === -1 ? order.length : at;
    };
    const result = {};
    for (const key of Object.keys(value).sort((a, b) => rank(a) - rank(b))) {
      const item = cleaned(value[key], order, `${prefix}${key}.`);
      if (!isEmpty(item)) result[key] = item;
    }
    return result;
  }

  function dump(data, order = [], comments = {}) {
    const fields = cleaned(data, order, "");
    return Object.keys(fields).map((key) => {
      const comment = comments[key] ? `# ${comments[key]}\n` : "";
      return comment + jsyaml.dump({ [key]: fields[key] }, WRITE);
    }).join("");
  }

  CMS.registerCustomFormat("network-yaml", "yaml", {
    fromFile: (content) => jsyaml.load(content, READ) || {},
    toFile: dump,
  });

  const FRONT_MATTER = /^---[ \t]*\r?\n([\s\S]*?)\r?\n?---[ \t]*(?:\r?\n|$)([\s\S]*)$/;
  CMS.registerCustomFormat("network-frontmatter", "md", {
    fromFile(content) {
      const match = FRONT_MATTER.exec(content);
      if (!match) return { body: content };
      return { ...(jsyaml.load(match[1], READ) || {}), body: match[2] };
    },
    toFile(data, order = [], comments = {}) {
      const { body = "", ...fields } = data;
      const text = body.endsWith("\n") || body === "" ? body : `${body}\n`;
      return `---\n${dump(fields, order, comments)}---\n${text}`;
    },
  });

  CMS.registerPreviewStyle(new URL(script.dataset.siteCss, document.baseURI).href);

  const value = (entry, name) => entry.getIn(["data", name]) || "";

  function MemberPreview({ entry, widgetFor }) {
    return h("main", { className: "wrap" },
      h("article", { className: "profile" },
        h("header", { className: "profile-header" },
          value(entry, "logo") ? h("div", { className: "profile-logo" }, widgetFor("logo")) : null,
          h("div", {},
            h("h1", {}, value(entry, "name")),
            h("p", { className: "profile-summary" }, value(entry, "summary")))),
        h("div", { className: "prose" }, widgetFor("description"))));
  }

  function ItemPreview({ entry, widgetFor }) {
    return h("main", { className: "wrap" },
      h("article", {},
        h("header", {},
          h("h1", {}, value(entry, "title")),
          h("p", { className: "lead" }, value(entry, "summary"))),
        h("div", { className: "prose" }, widgetFor("body"))));
  }

  CMS.registerPreviewTemplate("members", MemberPreview);
  for (const name of ["resources", "paths", "events", "news"]) {
    CMS.registerPreviewTemplate(name, ItemPreview);
  }
})();
