#!/usr/bin/env python3
"""Writes a tool's man page from its own --help text and the README's examples.

    manpage.py TOOL_BINARY README.md VERSION OUTPUT.1 [OTHER_TOOL...]

Run at build time on the freshly built tool, so the page says exactly what
--help says and cannot drift from it. The --help text is cxxopts' layout: a
description, "Usage:", the options (continuation lines indented), then free
paragraphs; a paragraph whose first line ends in ':' becomes a section of its
own, one starting "Exit status:" becomes EXIT STATUS. EXAMPLES are the README's
command lines for this tool (with their # comments) and, for newsdex-query, the
README's table of queries.
"""
import os
import re
import subprocess
import sys

OPTION = re.compile(r"^\s+(?:(-\w), )?(--[\w-]+)( arg)?\s{2,}(.*)$")
CXXOPTS_DEFAULT = re.compile(r"\s*\(default: [^()]*\)$")


def roff(text):
    """Text for roff: backslashes and line-leading dots escaped, hyphens as minus signs."""
    text = text.replace("\\", "\\e").replace("-", "\\-")
    return "\\&" + text if text.startswith((".", "'")) else text


def help_text(tool):
    # HOME=~ makes the --db default read "~/.local/share/...", not the builder's home.
    env = dict(os.environ, HOME="~", NEWSDEX_DB="", XDG_DATA_HOME="", COLUMNS="80", NO_COLOR="1")
    return subprocess.run([tool, "--help"], env=env, check=True, capture_output=True, text=True).stdout


def parse_help(text):
    lines = text.splitlines()
    if "Usage:" not in lines:  # not cxxopts' layout: the whole text is the description
        lines = lines[:1] + ["Usage:", "  TOOL [OPTIONS]"] + lines[1:]
    usage_at = lines.index("Usage:")
    description = [line for line in lines[:usage_at] if line.strip()]
    synopsis = lines[usage_at + 1].strip()
    options, rest_at = [], len(lines)
    for i in range(usage_at + 2, len(lines)):
        line = lines[i]
        match = OPTION.match(line)
        if match:
            short, long, arg, desc = match.groups()
            options.append([short, long, bool(arg), desc.strip()])
        elif line.strip() and options and line.startswith("    "):
            options[-1][3] += " " + line.strip()
        elif not line.strip() and options:
            rest_at = i
            break
    for option in options:
        # "(default: $NEWSDEX_DB, else ...) (default: ~/...)": the description already says it.
        if option[3].count("(default:") > 1:
            option[3] = CXXOPTS_DEFAULT.sub("", option[3])
    paragraphs, current = [], []
    for line in lines[rest_at:]:
        if line.strip():
            current.append(line.rstrip())
        elif current:
            paragraphs.append(current)
            current = []
    if current:
        paragraphs.append(current)
    return description, synopsis, options, paragraphs


def readme_examples(readme, tool):
    """Command lines for `tool` in the README's code blocks, and the query table."""
    commands, queries, in_code, seen, table = [], [], False, set(), ""
    for line in readme.splitlines():
        if not line.startswith("|"):
            table = ""
        elif not table:
            table = line  # the header row names the table
        if line.startswith("```"):
            in_code = not in_code
            continue
        if in_code:
            command = line[2:] if line.startswith("$ ") else line
            if not command.startswith(tool + " ") or "[" in command or command in seen:
                continue
            seen.add(command)
            code, _, comment = command.partition("  #")
            commands.append((code.strip(), comment.strip(" #")))
        elif tool == "newsdex-query" and table.replace(" ", "") == "|query|finds|" and line.startswith("| `"):
            cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
            if len(cells) == 2:
                queries.append((cells[0].replace("`", ""), cells[1].replace("`", "")))
    return commands, queries


def summary(description):
    """The description up to its first colon or full stop: "Search a newsdex index"."""
    text = " ".join(line.strip() for line in description)
    return re.split(r"[:.](?:\s|$)", text, maxsplit=1)[0]


def page(tool_path, readme_path, version, other_tools):
    name = os.path.basename(tool_path)
    description, synopsis, options, paragraphs = parse_help(help_text(tool_path))
    with open(readme_path, encoding="utf-8") as f:
        commands, queries = readme_examples(f.read(), name)
    out = [f'.TH {name.upper()} 1 "" "newsdex {version}" "User Commands"', ".nh", ".ad l",
           ".SH NAME", f"{roff(name)} \\- {roff(summary(description))}",
           ".SH SYNOPSIS", f"\\fB{roff(name)}\\fR {roff(' '.join(synopsis.split()[1:]))}",
           ".SH DESCRIPTION", roff(" ".join(line.strip() for line in description))]
    sections, exit_status = [], None
    for paragraph in paragraphs:
        if paragraph[0].startswith("Exit status:"):
            exit_status = " ".join(line.strip() for line in paragraph)[len("Exit status:"):].strip()
        elif paragraph[0].endswith(":") and not paragraph[0].startswith(" "):
            sections.append((paragraph[0][:-1].upper(), paragraph[1:]))
        else:
            out += [".PP", roff(" ".join(line.strip() for line in paragraph))]
    out.append(".SH OPTIONS")
    for short, long, arg, desc in options:
        flags = (f"\\fB{roff(short)}\\fR, " if short else "") + f"\\fB{roff(long)}\\fR"
        out += [".TP", flags + (" \\fIARG\\fR" if arg else ""), roff(desc)]
    for title, lines in sections:
        out += [f".SH {roff(title)}", ".nf"] + [roff(line) for line in lines] + [".fi"]
    if exit_status:
        out += [".SH EXIT STATUS", roff(exit_status)]
    if commands or queries:
        out.append(".SH EXAMPLES")
        for code, comment in commands:
            out += [".TP", f"\\fB{roff(code)}\\fR", roff(comment) if comment else ""]
        if queries:
            out += [".PP", "Queries:"]
            for query, finds in queries:
                out += [".TP", f"\\fB{roff(query)}\\fR", roff(finds)]
    if other_tools:
        out += [".SH SEE ALSO", ",\n".join(f"\\fB{roff(t)}\\fR(1)" for t in other_tools)]
    return "\n".join(line for line in out if line != "") + "\n"


def main():
    tool, readme, version, output, *others = sys.argv[1:]
    text = page(tool, readme, version, [t for t in others if t != os.path.basename(tool)])
    with open(output, "w", encoding="utf-8") as f:
        f.write(text)


if __name__ == "__main__":
    main()
