"""The network site's Pelican plugin: members and content loaded, validated, rendered.

Modules, one concern each:
    yamlsource      YAML with line and column of every key and value
    frontmatter     Markdown files with YAML front matter
    taxonomy        the vocabularies of taxonomy.yaml
    schema          JSON Schemas generated from the taxonomy
    validation      checks shared by every kind of file, and the member checks
    social          platforms: handle patterns, profile URLs, icons
    regions         countries and subdivisions (ISO 3166)
    logos           which logo files are acceptable
    members         member files -> Member objects
    resources       resource files -> Resource objects
    learning_paths  path files -> LearningPath objects
    events          event files -> Event objects; the iCalendar file
    articles        news and pages: checks and Pelican's reader for them
    project         where the data lives; loading everything
    model           the plain objects templates and exports use
    facets          member and resource facets
    markup          Markdown rendered and sanitized
    exports         JSON and CSV exports
    feeds           Atom feeds of resources and members
    search          what the search index knows of each page; filter panels
    filters         Jinja filters: dates, times, durations, search entries
    generator       the Pelican generator writing the network's pages
    links           internal and external link checks
    diagnostics     errors and warnings with file, line and column
"""

from pelican import signals


def get_generators(pelican):
    from .generator import NetworkGenerator

    return NetworkGenerator


def use_front_matter_reader(readers):
    from .articles import use_front_matter_reader as use

    use(readers)


def add_filters(pelican):
    from .filters import add_filters as add

    add(pelican)


def register():
    signals.initialized.connect(add_filters)
    signals.get_generators.connect(get_generators)
    signals.readers_init.connect(use_front_matter_reader)
