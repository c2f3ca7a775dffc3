"""The network site's Pelican plugin: members and content loaded, validated, rendered.

Modules, one concern each:
    kinds           what a content kind declares: files, schema, checker, model, URL...
    registry        the site's kinds, listed once
    members, resources, learning_paths, events, news, pages
                    one kind each: its checker, how a file becomes an object, its pages
    yamlsource      YAML with line and column of every key and value
    frontmatter     Markdown files with YAML front matter
    sources         files read once, parsed and checked, cached by content
    checkstore      each file's own check kept on disk between builds, by content
    taxonomy        the vocabularies of taxonomy.yaml
    schema          JSON Schemas generated from the taxonomy
    validation      the checks of one file on its own, shared by every kind
    schema_errors   the schema's errors in an editor's words
    crosschecks     checks across files: references, unique names, files on disk
    attachments     files published as they are: allowed types, recognized by content
    social          platforms: handle patterns, profile URLs, icons
    regions         countries and subdivisions (ISO 3166)
    logos           which logo files are acceptable, and what cleaning them removes
    svgclean        SVG logos re-written from an allow-list: nothing that runs or loads
    logo_images     the images made for members: logo copies, renditions, sharing images
    made            made files cached by content, so only new ones are made
    project         where the data lives; loading everything into a Network
    model           the plain objects templates and exports use
    facets          member and resource facets, each value with its URL
    stats           the network in numbers for /stats/ and the home page: aggregates
                    only, each number with the URL of the facet page it counts
    pagination      long lists split into pages with navigation
    plan            every page of the site: output, template, variables
    fingerprint     digests of what a page is made of, for rebuilding only what changed
    render          rendering the plan on every core; the links each page makes
    datafiles       exports, feeds and files published as they are
    session         one build as timed steps, and what a rebuild starts from
    watching        what livereload watches: changes told by the system, rebuilt in a thread
    leftovers       a build's working folders, and those killed builds left behind
    indexing        the Pagefind search index and its checks
    links           internal and external link checks
    markup          Markdown rendered and sanitized
    urls            every contributed address read as browsers read it, judged by where it is
                    used (fields, links, images): for validation and the sanitizer alike
    exports         JSON and CSV exports
    feeds           Atom feeds
    search          what the search index knows of each page; filter panels
    filters         Jinja filters: dates, times, durations
    csp             the pages' Content-Security-Policy, declared once
    identity        the network's own repository, join form, editor, contacts and social
                    accounts, from its NETWORK_* settings
    editor          the web editor at /admin/: Decap CMS's configuration from the kinds
    structured      what a page tells sites that show it: canonical URL, OpenGraph and
                    Twitter card tags, schema.org JSON-LD (one builder per kind)
    sitemap         /sitemap.xml (split past 50,000 addresses) and /robots.txt
    badges          each member's "Member of" badges (SVG) and the snippets that show them
    generator       the Pelican generator
    diagnostics     errors and warnings with file, line and column
    reporting       how diagnostics are printed: repeated warnings counted, annotations
                    bounded, the GitHub job summary
    cli             the commands behind tasks.py
    scaffold        new member and resource files
    importer        `invoke import-members`: a spreadsheet's rows become member files
    import_sheet    reading a spreadsheet export (CSV in any delimiter and encoding)
    import_mapping  which column is which field, and each cell made a field's value
    benchmark       `invoke bench`
"""

from pelican import signals


def get_generators(pelican):
    from .generator import NetworkGenerator

    return NetworkGenerator


def add_filters(pelican):
    from .filters import add_filters as add

    add(pelican)


def add_csp(pelican):
    from .csp import add_globals

    add_globals(pelican)


def add_structured(pelican):
    from .structured import add_globals

    add_globals(pelican)


def finish(pelican):
    from .generator import finish as run

    run(pelican)


def register():
    signals.initialized.connect(add_filters)
    signals.initialized.connect(add_csp)
    signals.initialized.connect(add_structured)
    signals.get_generators.connect(get_generators)
    signals.finalized.connect(finish)
