"""Web-server rules that give a static site the content negotiation of ``prestatiegraaf serve``.

A resource ``…/id/prestatie/2015-2019/5.2.1`` is the files ``5.2.1.html``, ``5.2.1.ttl``,
``5.2.1.jsonld`` and ``5.2.1.nt`` of the site; the ontology ``…/def`` is ``def.html``,
``def.ttl`` and ``def.jsonld``. The rules answer the path without a suffix with the file the
request's ``Accept`` header asks for: the RDF format it names before any other offered
format, else the page. ``q`` values are not weighed: the order of the header decides.

* :func:`apache_rules`: an Apache httpd ``.htaccess`` (mod_rewrite, mod_mime, mod_headers);
* :func:`nginx_rules`: an nginx snippet (a ``map`` for ``http {}``, a ``location``);
* :func:`w3id_rules`: the ``.htaccess`` of the w3id.org repository, which redirects the
  persistent IRIs to the files of the site wherever it is published, choosing the file by
  ``Accept`` itself, so any static host will do.
"""

from __future__ import annotations

from prestatiegraaf.serve.middleware import POLICY

# suffix, media type (as a regular expression), the offered formats in order of preference
NEGOTIATED = (
    (".ttl", r"text/turtle"),
    (".jsonld", r"application/ld\+json"),
    (".nt", r"application/n-triples"),
)
HTML_TYPES = (r"text/html", r"application/xhtml\+xml")
MEDIA_TYPES = {
    ".html": "text/html",
    ".css": "text/css",
    ".js": "text/javascript",
    ".txt": "text/plain",
    ".ttl": "text/turtle",
    ".nt": "application/n-triples",
    ".trig": "application/trig",
    ".jsonld": "application/ld+json",
    ".json": "application/json",
}
TEXT_SUFFIXES = (".html", ".css", ".js", ".txt", ".ttl", ".nt", ".trig")
# the paths whose files are negotiated: resources (not namespaces, which end in /) and /def
NEGOTIATED_PATH = r"^(id/.*[^/]|def)$"


def _others(media: str) -> str:
    """The offered media types other than ``media``, as one alternation."""
    return "|".join([*HTML_TYPES, *(other for _, other in NEGOTIATED if other != media)])


def accept_pattern(media: str) -> str:
    """An ``Accept`` header that names ``media`` before any other offered type.

    ``(?:(?!others).)*media``: no other offered type begins before ``media`` does.
    """
    return rf"^(?:(?!{_others(media)}).)*{media}"


def apache_rules(root: str) -> str:
    """The ``.htaccess`` of a site served by Apache httpd at the URL path ``root``."""
    lines = [
        "# Content negotiation for the prestatiegraaf static site on Apache httpd 2.4.",
        "# Needs mod_rewrite, mod_mime and mod_headers, and `AllowOverride FileInfo Indexes`",
        "# for the site's folder (RewriteEngine also needs `Options FollowSymLinks`).",
        "# …/id/prestatie/2015-2019/5.2.1 gives 5.2.1.html, or 5.2.1.ttl, .jsonld or .nt when",
        "# the Accept header names text/turtle, application/ld+json or application/n-triples",
        "# before any other type the site offers; /def likewise gives def.html, .ttl, .jsonld.",
        "",
        *(f"AddType {MEDIA_TYPES[s]} {s}" for s in (".ttl", ".nt", ".trig", ".jsonld")),
        "AddCharset utf-8 " + " ".join(TEXT_SUFFIXES),
        "DirectoryIndex index.html",
        "",
        "<IfModule mod_headers.c>",
        "  Header merge Vary Accept",
        '  Header set Access-Control-Allow-Origin "*"',
        "  Header set X-Content-Type-Options nosniff",
        f'  Header set Content-Security-Policy "{POLICY}"',
        "</IfModule>",
        "",
        "RewriteEngine On",
        f"RewriteBase {root}",
    ]
    for suffix, media in NEGOTIATED:
        lines += [
            "",
            f"# {media.replace(chr(92), '')} -> {suffix}",
            "RewriteCond %{REQUEST_FILENAME} !-f",
            f"RewriteCond %{{HTTP_ACCEPT}} {media} [NC]",
            f"RewriteCond %{{HTTP_ACCEPT}} !({_others(media)}).*{media} [NC]",
            f"RewriteCond %{{REQUEST_FILENAME}}{suffix} -f",
            f"RewriteRule ^(.*[^/])$ $1{suffix} [L]",
        ]
    lines += [
        "",
        "# anything else (a browser, */*, no Accept) -> .html",
        "RewriteCond %{REQUEST_FILENAME} !-f",
        "RewriteCond %{REQUEST_FILENAME}.html -f",
        "RewriteRule ^(.*[^/])$ $1.html [L]",
        "",
    ]
    return "\n".join(lines)


def nginx_rules(root: str) -> str:
    """An nginx snippet for a site served at the URL path ``root``."""
    types = " ".join(f"{media} {suffix[1:]};" for suffix, media in MEDIA_TYPES.items())
    charset_types = " ".join(
        sorted({MEDIA_TYPES[s] for s in TEXT_SUFFIXES} - {"text/html"})
    )  # text/html always has one
    lines = [
        "# Content negotiation for the prestatiegraaf static site on nginx.",
        "# …/id/prestatie/2015-2019/5.2.1 gives 5.2.1.html, or 5.2.1.ttl, .jsonld or .nt when",
        "# the Accept header names text/turtle, application/ld+json or application/n-triples",
        "# before any other type the site offers; /def likewise gives def.html, .ttl, .jsonld.",
        "",
        "# In the http { } block:",
        "map $http_accept $prestatiegraaf_suffix {",
        "    default .html;",
        *(f'    "~*{accept_pattern(media)}" {suffix};' for suffix, media in NEGOTIATED),
        "}",
        "",
        f"# In the server {{ }} block; `root` names the folder that holds the site at {root}:",
        f"location {root} {{",
        "    root /var/www/html;",
        f"    types {{ {types} }}",
        "    default_type application/octet-stream;",
        "    charset utf-8;",
        f"    charset_types {charset_types};",
        "    index index.html;",
        "    add_header Vary Accept always;",
        '    add_header Access-Control-Allow-Origin "*" always;',
        "    add_header X-Content-Type-Options nosniff always;",
        f'    add_header Content-Security-Policy "{POLICY}" always;',
        "    try_files $uri $uri$prestatiegraaf_suffix $uri.html $uri/ =404;",
        "    location ~ /\\.ht { deny all; }",
        "}",
        "",
    ]
    return "\n".join(lines)


def w3id_rules(base: str, target: str) -> str:
    """The w3id.org ``.htaccess`` that redirects the IRIs under ``base`` to ``target``.

    ``target`` is the address of the site (``https://example.org/prestatiegraaf/``).
    """
    folder = base.removeprefix("https://w3id.org/").strip("/")
    lines = [
        f"# {base} -> the prestatiegraaf static site at {target}",
        "# Goes into the w3id.org repository (github.com/perma-id/w3id.org) as",
        f"# {folder}/.htaccess.",
        "# A resource or the ontology is redirected (303) to its page, or to its Turtle, JSON-LD",
        "# or N-Triples file when the Accept header names that type before any other the site",
        "# offers; any other path (the data files, a namespace) to the same path on the site.",
        "Options +FollowSymLinks",
        "RewriteEngine on",
    ]
    for suffix, media in NEGOTIATED:
        lines += [
            "",
            f"RewriteCond %{{HTTP_ACCEPT}} {media} [NC]",
            f"RewriteCond %{{HTTP_ACCEPT}} !({_others(media)}).*{media} [NC]",
            f"RewriteRule {NEGOTIATED_PATH} {target}$1{suffix} [R=303,L]",
        ]
    lines += [
        "",
        f"RewriteRule {NEGOTIATED_PATH} {target}$1.html [R=303,L]",
        f"RewriteRule ^(.*)$ {target}$1 [R=302,L]",
        "",
    ]
    return "\n".join(lines)
