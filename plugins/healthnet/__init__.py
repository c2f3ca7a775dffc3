"""The network site's Pelican plugin: members loaded from YAML, validated, rendered.

Modules, one concern each:
    yamlsource   YAML with line and column of every key and value
    taxonomy     the vocabularies of taxonomy.yaml
    schema       JSON Schemas generated from the taxonomy
    social       platforms: handle patterns, profile URLs, icons
    regions      countries and subdivisions (ISO 3166)
    logos        which logo files are acceptable
    validation   member checks beyond the schema
    members      member files -> Member objects
    project      where the data lives; loading everything
    facets       directory facets (type, region, platform, topic)
    markup       Markdown rendered and sanitized
    exports      JSON and CSV exports
    generator    the Pelican generator writing the member pages
    diagnostics  errors and warnings with file, line and column
"""

from pelican import signals


def get_generators(pelican):
    from .generator import MemberGenerator

    return MemberGenerator


def register():
    signals.get_generators.connect(get_generators)
