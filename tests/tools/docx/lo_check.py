#!/usr/bin/python3
"""Opens .docx files in a real reader (LibreOffice, headless) and reports what it read.

Usage: /usr/bin/python3 lo_check.py OUTDIR [--convert FILE.docx...] [--uno FILE.docx...]

Uses one private LibreOffice profile (a temporary folder) and ends only the processes it started.

--convert files go through `soffice --headless --convert-to` (the office's own load and
save path) to ODT and PDF; for each, OUTDIR gets FILE.odt, FILE.pdf and FILE.json with
  {"comments": [{"author", "initials", "date", "content", "anchor"}...]}
read back from the ODT (the annotations LibreOffice imported and wrote out again).

--uno files are opened through UNO in one office (a named pipe, its own process group); for
each, OUTDIR gets FILE.txt (text export, UTF-8), FILE.pdf and FILE.json with
  {"paragraphs": [...], "redlines": [{"type", "author", "date"}...], "comments": [...],
   "accepted": [...], "redlines_after_accept": N, "rejected": [...]}
where "paragraphs" are the body's paragraphs as loaded, "accepted" after
.uno:AcceptAllTrackedChanges and "rejected" after .uno:RejectAllTrackedChanges on a fresh load.
(LibreOffice 7.4 aborts when a document with comments is loaded through a remote UNO
connection, even one it wrote itself, so documents with comments go through --convert.)

Exits non-zero, with the reason on stderr, if LibreOffice cannot be started or a file cannot be
opened or converted.
"""

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
import zipfile

import uno  # Debian's python3-uno, for /usr/bin/python3
from com.sun.star.beans import PropertyValue
from com.sun.star.connection import NoConnectException

TIMEOUT_SECONDS = 180


def prop(name, value):
    p = PropertyValue()
    p.Name = name
    p.Value = value
    return p


def url(path):
    return uno.systemPathToFileUrl(os.path.abspath(path))


SOFFICE = shutil.which("soffice") or "/usr/bin/soffice"


class Office:
    def __init__(self, profile):
        self.pipe = "caucus_docx_%d" % os.getpid()
        self.proc = subprocess.Popen(
            [
                SOFFICE,
                "--headless",
                "--invisible",
                "--norestore",
                "--nologo",
                "--nodefault",
                "--nolockcheck",
                "-env:UserInstallation=" + url(profile),
                "--accept=pipe,name=%s;urp;StarOffice.ComponentContext" % self.pipe,
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
        deadline = time.monotonic() + 90
        while True:
            try:
                self.ctx = resolver.resolve("uno:pipe,name=%s;urp;StarOffice.ComponentContext" % self.pipe)
                break
            except NoConnectException:
                if self.proc.poll() is not None:
                    raise RuntimeError("LibreOffice exited with status %s before accepting connections" % self.proc.returncode)
                if time.monotonic() > deadline:
                    raise RuntimeError("LibreOffice did not accept a connection within 90 s")
                time.sleep(0.2)
        smgr = self.ctx.ServiceManager
        self.desktop = smgr.createInstanceWithContext("com.sun.star.frame.Desktop", self.ctx)
        self.dispatcher = smgr.createInstanceWithContext("com.sun.star.frame.DispatchHelper", self.ctx)

    def load(self, path):
        doc = self.desktop.loadComponentFromURL(url(path), "_blank", 0, (prop("Hidden", True), prop("ReadOnly", False)))
        if doc is None:
            raise RuntimeError("LibreOffice could not open %s" % path)
        if not doc.supportsService("com.sun.star.text.TextDocument"):
            doc.close(True)
            raise RuntimeError("LibreOffice did not read %s as a text document" % path)
        return doc

    def dispatch(self, doc, command):
        frame = doc.getCurrentController().getFrame()
        self.dispatcher.executeDispatch(frame, command, "", 0, ())

    def close(self):
        try:
            self.desktop.terminate()
        except Exception:  # the bridge goes away with the process
            pass
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            kill_group(self.proc)


def kill_group(proc):
    """Ends the process group of the LibreOffice this script started (its own session)."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        pass


def paragraphs(doc):
    out = []
    enum = doc.getText().createEnumeration()
    while enum.hasMoreElements():
        element = enum.nextElement()
        if element.supportsService("com.sun.star.text.Paragraph"):
            out.append(element.getString())
        else:
            out.append("<table>")
    return out


def redlines(doc):
    out = []
    enum = doc.getRedlines().createEnumeration()
    while enum.hasMoreElements():
        r = enum.nextElement()
        d = r.getPropertyValue("RedlineDateTime")
        out.append(
            {
                "type": r.getPropertyValue("RedlineType"),
                "author": r.getPropertyValue("RedlineAuthor"),
                "date": "%04d-%02d-%02dT%02d:%02d:%02d" % (d.Year, d.Month, d.Day, d.Hours, d.Minutes, d.Seconds),
            }
        )
    return out


def comments(doc):
    out = []
    enum = doc.getTextFields().createEnumeration()
    while enum.hasMoreElements():
        field = enum.nextElement()
        if not field.supportsService("com.sun.star.text.textfield.Annotation"):
            continue
        out.append(
            {
                "author": field.getPropertyValue("Author"),
                "initials": field.getPropertyValue("Initials"),
                "content": field.getPropertyValue("Content"),
                "anchor": field.getAnchor().getString(),
            }
        )
    return out


def convert(profile, files, outdir, fmt):
    """`soffice --convert-to FMT` for all files in one office run, in its own process group."""
    proc = subprocess.Popen(
        [SOFFICE, "--headless", "--norestore", "--nolockcheck", "-env:UserInstallation=" + url(profile),
         "--convert-to", fmt, "--outdir", outdir] + files,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        out, _ = proc.communicate(timeout=120)
    except subprocess.TimeoutExpired:
        kill_group(proc)
        raise RuntimeError("soffice --convert-to %s took longer than 120 s" % fmt)
    ext = fmt.split(":")[0]
    for path in files:
        stem = os.path.splitext(os.path.basename(path))[0]
        target = os.path.join(outdir, stem + "." + ext)
        if proc.returncode != 0 or not os.path.exists(target) or os.path.getsize(target) == 0:
            raise RuntimeError("soffice --convert-to %s failed for %s (status %s): %s" % (fmt, path, proc.returncode, out.decode(errors="replace")))


NS = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "dc": "http://purl.org/dc/elements/1.1/",
    "meta": "urn:oasis:names:tc:opendocument:xmlns:meta:1.0",
}


def q(prefix, name):
    return "{%s}%s" % (NS[prefix], name)


def odt_text(element):
    """The text of an ODF element: spaces, tabs and line breaks expanded, annotations skipped."""
    out = []

    def walk(e):
        if e.tag == q("text", "s"):
            out.append(" " * int(e.get(q("text", "c"), "1")))
        elif e.tag == q("text", "tab"):
            out.append("\t")
        elif e.tag == q("text", "line-break"):
            out.append("\n")
        elif e.tag not in (q("office", "annotation"), q("text", "tracked-changes")):
            out.append(e.text or "")
            for child in e:
                walk(child)
                out.append(child.tail or "")

    walk(element)
    return "".join(out)


def odt_comments(path):
    """Annotations of an ODT, each with the text between it and its end mark (deleted text of
    tracked changes is kept apart in ODF, so an anchor holds only text that is not deleted)."""
    with zipfile.ZipFile(path) as z:
        root = ET.fromstring(z.read("content.xml"))
    body = root.find(q("office", "body"))
    comments = []
    open_anchors = {}

    def walk(e):
        if e.tag == q("text", "tracked-changes"):
            return
        if e.tag == q("office", "annotation"):
            comment = {
                "author": (e.findtext(q("dc", "creator")) or ""),
                "initials": (e.findtext(q("meta", "creator-initials")) or ""),
                "date": (e.findtext(q("dc", "date")) or ""),
                "content": "\n".join(odt_text(p) for p in e.findall(q("text", "p"))),
                "anchor": "",
            }
            comments.append(comment)
            name = e.get(q("office", "name"))
            if name:
                open_anchors[name] = comment
            return
        if e.tag == q("office", "annotation-end"):
            open_anchors.pop(e.get(q("office", "name")), None)
            return
        def add(text):
            for c in open_anchors.values():
                c["anchor"] += text
        if e.tag == q("text", "s"):
            add(" " * int(e.get(q("text", "c"), "1")))
        elif e.tag == q("text", "tab"):
            add("\t")
        elif e.tag == q("text", "line-break"):
            add("\n")
        add(e.text or "")
        for child in e:
            walk(child)
            add(child.tail or "")

    walk(body)
    return comments


def check_converted(profile, files, outdir):
    convert(profile, files, outdir, "odt")
    convert(profile, files, outdir, "pdf")
    for path in files:
        stem = os.path.splitext(os.path.basename(path))[0]
        report = {"comments": odt_comments(os.path.join(outdir, stem + ".odt"))}
        with open(os.path.join(outdir, stem + ".json"), "w", encoding="utf-8") as f:
            json.dump(report, f, ensure_ascii=False, indent=1)
        print("converted %s" % path)


def check(office, path, outdir):
    stem = os.path.splitext(os.path.basename(path))[0]
    report = {}
    doc = office.load(path)
    try:
        report["paragraphs"] = paragraphs(doc)
        report["redlines"] = redlines(doc)
        report["comments"] = comments(doc)
        doc.storeToURL(
            url(os.path.join(outdir, stem + ".txt")),
            (prop("FilterName", "Text (encoded)"), prop("FilterOptions", "UTF8,LF")),
        )
        doc.storeToURL(url(os.path.join(outdir, stem + ".pdf")), (prop("FilterName", "writer_pdf_Export"),))
        office.dispatch(doc, ".uno:AcceptAllTrackedChanges")
        report["accepted"] = paragraphs(doc)
        report["redlines_after_accept"] = len(redlines(doc))
    finally:
        doc.close(True)
    doc = office.load(path)
    try:
        office.dispatch(doc, ".uno:RejectAllTrackedChanges")
        report["rejected"] = paragraphs(doc)
    finally:
        doc.close(True)
    with open(os.path.join(outdir, stem + ".json"), "w", encoding="utf-8") as f:
        json.dump(report, f, ensure_ascii=False, indent=1)


def main():
    args = sys.argv[1:]
    if not args or args[0].startswith("-"):
        print(__doc__, file=sys.stderr)
        return 2
    outdir, groups, current = args[0], {"--convert": [], "--uno": []}, None
    for arg in args[1:]:
        if arg in groups:
            current = arg
        elif current is None:
            print("name --convert or --uno before the files", file=sys.stderr)
            return 2
        else:
            groups[current].append(os.path.abspath(arg))
    os.makedirs(outdir, exist_ok=True)
    profile = tempfile.mkdtemp(prefix="caucus-docx-lo-")
    office = None

    def on_timeout(signum, frame):
        if office is not None:
            kill_group(office.proc)
        shutil.rmtree(profile, ignore_errors=True)
        print("LibreOffice took longer than %d s" % TIMEOUT_SECONDS, file=sys.stderr)
        os._exit(3)

    signal.signal(signal.SIGALRM, on_timeout)
    signal.alarm(TIMEOUT_SECONDS)
    started = time.monotonic()
    try:
        if groups["--convert"]:
            check_converted(profile, groups["--convert"], outdir)
        if groups["--uno"]:
            office = Office(profile)
            for path in groups["--uno"]:
                check(office, path, outdir)
                print("checked %s" % path)
    except Exception as e:  # report any UNO or I/O failure as a failed check
        print("error: %s: %s" % (type(e).__name__, e), file=sys.stderr)
        return 1
    finally:
        if office is not None:
            office.close()
        shutil.rmtree(profile, ignore_errors=True)
    print("LibreOffice checks took %.1f s" % (time.monotonic() - started))
    return 0


if __name__ == "__main__":
    sys.exit(main())
