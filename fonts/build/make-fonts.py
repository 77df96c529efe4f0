#!/usr/bin/python3
"""Regenerate the four embedded faces of package fonts from Debian's font packages.

fpdf (the PDF writer) reads only single-face TrueType (glyf) fonts, applies no OpenType
features and reads only the format-4 cmap. Noto CJK ships as CFF collections, so for each
role this script:

  1. picks the Simplified-Chinese face out of the .ttc collection (or opens the .ttf);
  2. points the cmap entries Chinese text needs at their full-width glyphs (the GSUB `fwid`
     alternates), so that `——` joins up and `·“”‘’…` are 1 em CJK marks;
  3. subsets to GBK's repertoire plus the symbols newspapers use, dropping hinting and the
     layout tables fpdf ignores;
  4. converts cubic CFF outlines to quadratic TrueType outlines (cu2qu);
  5. sets OS/2 fsType to 0 (installable) - allowed by the SIL OFL 1.1 of both families.

Usage: make-fonts.py OUTDIR [ROLE ...]      (run with Debian's /usr/bin/python3 and
python3-fonttools; fonts-noto-cjk, fonts-noto-cjk-extra, fonts-lxgw-wenkai installed)
"""

import os
import sys
import time

from fontTools.ttLib import TTFont, newTable
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools import subset

NOTO = "/usr/share/fonts/opentype/noto/"
ROLES = {
    # role: (source, family wanted in the collection, output file, new family name or None)
    "song": (NOTO + "NotoSerifCJK-Regular.ttc", "Noto Serif CJK SC", "NotoSerifSC-Regular.ttf", None),
    "songbold": (NOTO + "NotoSerifCJK-Bold.ttc", "Noto Serif CJK SC", "NotoSerifSC-Bold.ttf", None),
    "hei": (NOTO + "NotoSansCJK-Black.ttc", "Noto Sans CJK SC", "NotoSansSC-Black.ttf", None),
    # "LXGW" and "霞鹜" are Reserved Font Names of the OFL; a subset is a Modified Version,
    # so the family is renamed.
    "kai": ("/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf", None,
            "SpreadWenKai-Regular.ttf", "Spread WenKai"),
}

# Code points whose default glyph Chinese text needs as a full-width (1 em) form.
FULLWIDTH = [0x2014, 0x2015, 0x00B7, 0x2018, 0x2019, 0x201C, 0x201D, 0x2026, 0x2025]

MAX_ERR = 1.0  # font units, as fontTools' otf2ttf snippet


def repertoire():
    cps = set(range(0x4E00, 0x9FA6))  # all 20,902 URO ideographs of GBK
    for lead in range(0x81, 0xFF):
        for trail in range(0x40, 0xFF):
            if trail == 0x7F:
                continue
            try:
                s = bytes([lead, trail]).decode("gbk")
            except UnicodeDecodeError:
                continue
            cps.update(ord(c) for c in s)
    cps.update(range(0x20, 0x7F))  # ASCII
    cps.update(range(0xA0, 0x100))  # Latin-1
    cps.update(range(0x2000, 0x2070))  # General Punctuation
    cps.update(range(0x3000, 0x3040))  # CJK Symbols and Punctuation
    cps.update(range(0xFF01, 0xFFF0))  # Halfwidth and Fullwidth Forms
    cps.update(range(0x2160, 0x216C))  # Roman numerals Ⅰ–Ⅻ
    cps.update(range(0x2170, 0x217C))  # ⅰ–ⅻ
    cps.update(range(0x2190, 0x219A))  # arrows ←↑→↓…
    cps.update([0x25B2, 0x25B3, 0x25BC, 0x25BD, 0x25B6, 0x25C0])  # ▲△▼▽▶◀
    cps.update(range(0x25A0, 0x25A2))  # ■□
    cps.update([0x25CB, 0x25CF, 0x25CE, 0x25C6, 0x25C7, 0x2605, 0x2606, 0x203B])  # ○●◎◆◇★☆※
    cps.update(range(0x2460, 0x249C))  # ①…⑳ ⑴… ⒈…
    cps.update(range(0x3220, 0x322A))  # ㈠…㈩
    cps.update(range(0x2500, 0x2580))  # box drawing
    cps.update([0x2103, 0x2030, 0x00D7, 0x00F7, 0x2116, 0x2122])  # ℃ ‰ × ÷ № ™
    cps.discard(0xFFFF)
    return cps


def open_face(path, family):
    if family is None:
        return TTFont(path, lazy=False, recalcTimestamp=False)
    i = 0
    while True:
        try:
            f = TTFont(path, fontNumber=i, lazy=False, recalcTimestamp=False)
        except Exception:
            break
        names = {n.nameID: n.toUnicode() for n in f["name"].names if n.platformID == 3}
        if names.get(16, names.get(1)) == family or names.get(1) == family:
            return f
        i += 1
    raise SystemExit("%s: no face of family %r" % (path, family))


def fwid_map(font):
    """glyph -> full-width alternate, from the GSUB `fwid` single substitutions."""
    out = {}
    if "GSUB" not in font:
        return out
    gsub = font["GSUB"].table
    if not gsub.FeatureList:
        return out
    lookups = set()
    for fr in gsub.FeatureList.FeatureRecord:
        if fr.FeatureTag == "fwid":
            lookups.update(fr.Feature.LookupListIndex)
    for li in sorted(lookups):
        lk = gsub.LookupList.Lookup[li]
        for st in lk.SubTable:
            if lk.LookupType == 7:
                st = st.ExtSubTable
            if getattr(st, "mapping", None):
                for a, b in st.mapping.items():
                    out.setdefault(a, b)
    return out


# Where a full-width CJK mark sits in its em box (clreq): opening quotes hug the following
# character, closing quotes the preceding one, the interpunct is centred.
PLACE = {0x2018: "right", 0x201C: "right", 0x2019: "left", 0x201D: "left", 0x00B7: "centre"}


def synth_fullwidth(font, g, place):
    """A 1-em composite glyph drawing proportional glyph g at the given side of the em.

    LXGW WenKai has no `fwid` forms of the quotes and the interpunct (its are 0.35 em
    Latin marks), so fpdf would set “中” with a narrow quote. Only for glyf fonts."""
    from fontTools.ttLib.tables._g_l_y_f import Glyph, GlyphComponent
    upem = font["head"].unitsPerEm
    hmtx = font["hmtx"]
    adv, lsb = hmtx[g]
    dx = {"left": 0, "right": upem - adv, "centre": (upem - adv) // 2}[place]
    name = g + ".fw"
    comp = GlyphComponent()
    comp.glyphName = g
    comp.x, comp.y = dx, 0
    comp.flags = 0x0004  # ROUND_XY_TO_GRID; offsets are x,y values
    glyph = Glyph()
    glyph.numberOfContours = -1
    glyph.components = [comp]
    glyf = font["glyf"]
    order = list(font.getGlyphOrder()) + [name]
    font.setGlyphOrder(order)
    glyf.glyphOrder = order
    glyf.glyphs[name] = glyph
    glyph.recalcBounds(glyf)
    hmtx[name] = (upem, glyph.xMin)
    return name


def remap_fullwidth(font, log):
    upem = font["head"].unitsPerEm
    hmtx = font["hmtx"]
    cmap = font.getBestCmap()
    fw = fwid_map(font)
    changes = {}
    for cp in FULLWIDTH:
        g = cmap.get(cp)
        if g is None:
            log("  U+%04X absent" % cp)
            continue
        adv = hmtx[g][0]
        if adv == upem:
            log("  U+%04X %s already %d/%d" % (cp, g, adv, upem))
            continue
        alt = fw.get(g)
        if alt is not None and hmtx[alt][0] == upem:
            changes[cp] = alt
            log("  U+%04X %s %d -> fwid %s %d" % (cp, g, adv, alt, hmtx[alt][0]))
        elif "glyf" in font and cp in PLACE:
            alt = synth_fullwidth(font, g, PLACE[cp])
            changes[cp] = alt
            log("  U+%04X %s %d -> synthesized %s %d (%s)" % (cp, g, adv, alt, upem, PLACE[cp]))
        else:
            log("  U+%04X %s %d/%d: NO full-width alternate, left as is" % (cp, g, adv, upem))
    for t in font["cmap"].tables:
        if t.isUnicode():
            for cp, alt in changes.items():
                if cp in t.cmap:
                    t.cmap[cp] = alt
    return changes


def to_quadratic(font):
    """CFF -> glyf, after fontTools' Snippets/otf2ttf.py."""
    order = font.getGlyphOrder()
    gs = font.getGlyphSet()
    glyphs = {}
    for name in order:
        tt = TTGlyphPen(gs)
        gs[name].draw(Cu2QuPen(tt, MAX_ERR, reverse_direction=True))
        glyphs[name] = tt.glyph()
    font["loca"] = newTable("loca")
    font["glyf"] = glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = glyphs
    del font["CFF "]
    if "VORG" in font:
        del font["VORG"]
    glyf.compile(font)
    hmtx = font["hmtx"]
    for name, g in glyf.glyphs.items():
        hmtx[name] = (hmtx[name][0], getattr(g, "xMin", 0))
    maxp = font["maxp"] = newTable("maxp")
    maxp.tableVersion = 0x00010000
    maxp.maxZones = 1
    for a in ("maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
              "maxStackElements", "maxSizeOfInstructions", "maxComponentElements"):
        setattr(maxp, a, 0)
    maxp.numGlyphs = len(order)
    post = font["post"]
    post.formatType = 3.0
    font.sfntVersion = "\x00\x01\x00\x00"


def join_dash(font, log):
    """Stretch a rectangular U+2014 to the full em so that `——` draws as one unbroken rule.

    Noto's full-width dash is a bar from 0.07 to 0.93 em: two of them leave a visible gap
    where a Chinese 破折号 must be continuous."""
    upem = font["head"].unitsPerEm
    name = font.getBestCmap().get(0x2014)
    glyf = font["glyf"]
    g = glyf[name]
    if g.isComposite() or g.numberOfContours != 1 or len(g.coordinates) != 4:
        log("  U+2014 %s is not a plain bar, left as is" % name)
        return
    xs = sorted(set(x for x, _ in g.coordinates))
    if len(xs) != 2 or font["hmtx"][name][0] != upem:
        log("  U+2014 %s is not a full-width bar, left as is" % name)
        return
    g.coordinates = type(g.coordinates)(
        [(0 if x == xs[0] else upem, y) for x, y in g.coordinates])
    g.recalcBounds(glyf)
    font["hmtx"][name] = (upem, 0)
    log("  U+2014 %s bar %d..%d stretched to 0..%d" % (name, xs[0], xs[1], upem))


def rename(font, family):
    name = font["name"]
    ps = family.replace(" ", "") + "-Regular"
    keep = {1: family, 2: "Regular", 3: ps, 4: family, 6: ps, 16: family, 17: "Regular"}
    for rec in list(name.names):
        if rec.nameID in (1, 3, 4, 6, 16, 17):
            name.removeNames(nameID=rec.nameID)
    for nid, s in keep.items():
        name.setName(s, nid, 3, 1, 0x409)
        name.setName(s, nid, 1, 0, 0)


def build(role, outdir, cps):
    src, family, out, newname = ROLES[role]
    t0 = time.time()
    log = lambda s: print(s, flush=True)
    log("%s: %s" % (role, src))
    font = open_face(src, family)
    remap_fullwidth(font, log)

    opts = subset.Options()
    opts.layout_features = []
    opts.hinting = False
    opts.desubroutinize = True
    opts.glyph_names = False
    opts.notdef_outline = True
    opts.name_IDs = [0, 1, 2, 3, 4, 5, 6, 13, 14, 16, 17]
    opts.name_languages = [0x409, 0]
    opts.drop_tables += ["GSUB", "GPOS", "GDEF", "BASE", "JSTF", "VORG", "vhea", "vmtx",
                         "DSIG", "kern", "MATH", "meta", "gasp", "hdmx", "LTSH", "VDMX"]
    sub = subset.Subsetter(opts)
    have = set(font.getBestCmap())
    sub.populate(unicodes=sorted(cps & have))
    sub.subset(font)
    log("  subset: %d glyphs, %d of %d wanted code points (%.0fs)"
        % (len(font.getGlyphOrder()), len(cps & have), len(cps), time.time() - t0))
    missing_uro = [c for c in range(0x4E00, 0x9FA6) if c not in have]
    if missing_uro:
        log("  WARNING: %d URO ideographs missing, e.g. %s" % (
            len(missing_uro), " ".join("U+%04X" % c for c in missing_uro[:10])))

    if "CFF " in font:
        to_quadratic(font)
        log("  cu2qu done (%.0fs)" % (time.time() - t0))
    join_dash(font, log)
    for t in ("fpgm", "prep", "cvt "):
        if t in font:
            del font[t]
    font["OS/2"].fsType = 0  # SIL OFL 1.1: installable embedding
    if newname:
        rename(font, newname)
    path = outdir.rstrip("/") + "/" + out
    font.save(path, reorderTables=True)
    log("  wrote %s: %d bytes (%.0fs)" % (path, os.path.getsize(path), time.time() - t0))


def main():
    if len(sys.argv) < 2:
        raise SystemExit(__doc__)
    roles = sys.argv[2:] or list(ROLES)
    cps = repertoire()
    for role in roles:
        build(role, sys.argv[1], cps)


if __name__ == "__main__":
    main()
