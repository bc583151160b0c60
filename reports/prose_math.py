"""Math in a document's prose (``$x \\in \\mathbb{R}^m$``) typeset as MathML, for display only.

Inline math is never checked, and much of it is not an expression derive reads (``\\in``,
``\\mathbb{R}``, a sentence's ``\\sum_i y_i = 1``).  latex2mathml (a well-kept TeX-to-MathML
converter) typesets it instead of showing its source.  The document is untrusted, so the
converter sees only short TeX made of allowed macros (no ``\\def``, ``\\href``, ``\\input``…),
and its output is rebuilt from allowed MathML elements and attributes only; anything else
is shown as code, as before.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET

__all__ = ["prose_mathml", "spelling_ok"]

MATHML = "http://www.w3.org/1998/Math/MathML"
#: longer prose math is shown as code (the converter's time grows with its input)
MAX_CHARS = 400
MAX_BRACE_DEPTH = 12

_GREEK = ("alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa lambda mu nu xi pi "
          "varpi rho varrho sigma varsigma tau upsilon phi varphi chi psi omega Gamma Delta Theta Lambda Xi "
          "Pi Sigma Upsilon Phi Psi Omega")
_MACROS = frozenset((_GREEK + " mathbb mathbf mathrm mathit mathcal mathsf boldsymbol operatorname text "
                     "sum prod int partial nabla frac dfrac tfrac sqrt cdot times odot otimes circ top "
                     "intercal in notin subset subseteq le leq ge geq ne neq approx sim propto equiv to "
                     "rightarrow leftarrow Rightarrow mapsto infty ln log exp max min arg sin cos tan tanh sinh cosh "
                     "hat bar tilde vec dot ldots cdots dots vdots left right big Big bigg Bigg bigl bigr Bigl Bigr "
                     "biggl biggr Biggl Biggr langle rangle lvert rvert lVert rVert quad qquad mid forall exists cup cap emptyset prime ell "
                     "displaystyle pm mp star ast implies Longrightarrow land lor wedge vee lnot neg").split())
_ELEMENTS = frozenset("math mrow mi mn mo ms mtext mspace msub msup msubsup munder mover munderover mfrac "
                      "msqrt mroot mstyle mpadded mphantom mfenced mtable mtr mtd menclose".split())
_ATTRIBUTES = frozenset("xmlns display mathvariant stretchy fence separator form lspace rspace accent "
                        "accentunder movablelimits columnalign columnspacing rowspacing displaystyle "
                        "scriptlevel width height depth minsize maxsize linethickness largeop symmetric "
                        "notation open close separators".split())

ET.register_namespace("", MATHML)


def prose_mathml(tex: str, block: bool = False) -> str | None:
    """MathML typesetting ``tex`` (inline, or ``block`` for a display), or None when not safe or not understood."""
    # a display's label and number print nothing here; its alignment environment is a table of its rows
    tex = _ALIGNED.sub(_as_array, _NUMBERING.sub("", tex)).replace("\\&", "\ue050")  # \& in a \text: put back below
    if len(tex) > MAX_CHARS or not _allowed(tex):
        return None
    # A \implies B (a claim under its premise), spaced as TeX spaces it; the converter sets the arrow as a name
    tex = re.sub(r"\\(?:implies|Longrightarrow)(?![A-Za-z])", r"\\;\\Longrightarrow\\;", tex)
    tex = re.sub(r"\\(begin|end)\s*\{dcases\}", r"\\\1{cases}", tex)  # the converter knows no dcases
    # ... nor \arg (set as the text "\arg"), and it spells \operatorname{arg\,max} letter by letter
    tex = re.sub(r"\\arg(?![A-Za-z])", r"\\operatorname{arg}", tex)
    tex = re.sub(r"\\operatorname\*?\s*\{\s*([A-Za-z]+)\s*\\[,;:!]\s*([A-Za-z]+)\s*\}", "\\\\operatorname{\\1\u2009\\2}", tex)
    try:
        from latex2mathml.converter import convert
        root = ET.fromstring(convert(tex, display="block" if block else "inline"))
    except Exception:  # noqa: BLE001 - prose is shown, never judged: any failure shows the source as code
        return None
    _applied(root)
    for el in root.iter():
        # \mathbb{1}, the indicator: browsers draw no double-struck variant of a digit, so the character itself
        if el.attrib.get("mathvariant") == "double-struck" and (el.text or "").strip() == "1":
            el.text, _ = "\U0001d7d9", el.attrib.pop("mathvariant")
        if el.tag.removeprefix(f"{{{MATHML}}}") not in _ELEMENTS:
            return None
        if el.text and "\ue050" in el.text:  # an ampersand written \& (the converter would set it as a column's end)
            el.text = el.text.replace("\ue050", "&")
        for name in [a for a in el.attrib if a not in _ATTRIBUTES]:
            del el.attrib[name]
    return ET.tostring(root, encoding="unicode")


#: names the converter sets as one ``<mi>``, which a function application must follow (else \\exp x shows "expx")
_FUNCTIONS = frozenset("ln log exp sin cos tan tanh sinh cosh arg max min".split())


def _applied(root: ET.Element) -> None:
    """Put U+2061 and TeX's thin space after each function name followed by its argument, as derive's own MathML does
    (the converter sets \\log \\sigma as ``<mi>log</mi><mi>σ</mi>``, which browsers run together)."""
    scripts = {f"{{{MATHML}}}{t}" for t in ("msup", "msub", "msubsup", "munder", "mover", "munderover")}

    def named(el: ET.Element) -> bool:  # cos, or cos² (\cos^2 x: the power is the name's, the argument after it)
        if el.tag in scripts and len(el):
            el = el[0]
        return el.tag == f"{{{MATHML}}}mi" and (el.text or "").strip() in _FUNCTIONS
    for parent in list(root.iter()):
        if parent.tag in scripts:
            continue  # a script's children are its base and scripts, never a function and its argument
        children = list(parent)
        for n in range(len(children) - 1, -1, -1):
            child, after = children[n], children[n + 1] if n + 1 < len(children) else None
            if not named(child) or after is None \
                    or after.tag == f"{{{MATHML}}}mo" and (after.text or "").strip() in ("\u2061", "(", "[", "{"):
                continue
            apply = ET.Element(f"{{{MATHML}}}mo")
            apply.text = "\u2061"
            space = ET.Element(f"{{{MATHML}}}mspace", width="0.1667em")
            parent.insert(n + 1, space)
            parent.insert(n + 1, apply)


#: what a quantity's spelling (its ``[symbols]`` key) may hold: letters with accents, fonts and scripts
_SPELLING = re.compile(r"[A-Za-z0-9{}_^\[\]()+\-,' \\]{1,60}")
_SPELLING_MACROS = frozenset((_GREEK + " mathbf mathrm mathit mathcal mathsf boldsymbol hat bar tilde vec dot "
                              "prime ell").split())


def spelling_ok(tex: str) -> bool:
    """True when ``tex`` may stand for a quantity in every report: a name, safe for TeX and typeset as MathML."""
    if not _SPELLING.fullmatch(tex) or any(m not in _SPELLING_MACROS for m in re.findall(r"\\([A-Za-z]+)", tex)):
        return False
    if re.search(r"\\(?![A-Za-z])", tex):  # a backslash before no letter (\\, \{) is no name
        return False
    depth = 0
    for c in tex:
        depth += (c == "{") - (c == "}")
        if depth < 0:
            return False
    return depth == 0 and prose_mathml(tex) is not None


#: what numbers or names a display (\label{eq:a}, \tag{3}, \nonumber): nothing to typeset
_NUMBERING = re.compile(r"\\(?:label|tag\*?)\s*\{[^{}]*\}|\\(?:nonumber|notag)(?![A-Za-z])")
#: an alignment environment, or a display environment written inside the math
_ALIGNED = re.compile(r"\\begin\s*\{(align\*?|aligned|split|gather\*?|gathered|equation\*?|multline\*?)\}(.*?)"
                      r"\\end\s*\{\1\}", re.S)


def _as_array(m: re.Match) -> str:
    """An alignment's rows as an array the converter typesets (the column before each & to the right, the rest to the
    left, as TeX aligns them); rows with more than one & are left as they are, and refused."""
    rows = [r for r in re.split(r"\\\\(?:\[[^\]]*\])?", m.group(2)) if r.strip()]
    if any(r.count("&") > 1 for r in rows):
        return m.group(0)
    if not any("&" in r for r in rows):
        return rows[0] if len(rows) == 1 else r"\begin{array}{c}" + r" \\ ".join(rows) + r"\end{array}"
    return r"\begin{array}{rl}" + r" \\ ".join(r if "&" in r else f"& {r}" for r in rows) + r"\end{array}"


def _allowed(tex: str) -> bool:
    depth = deepest = 0
    for c in tex:
        depth += (c == "{") - (c == "}")
        deepest = max(deepest, depth)
    if deepest > MAX_BRACE_DEPTH or "%" in tex or "#" in tex:
        return False
    # Of the environments only cases (a piecewise definition, as derive reads it; dcases alike) and arrays (an
    # alignment's rows, ``_as_array``) are typeset.
    if any(name not in ("cases", "dcases", "array") for name in re.findall(r"\\(?:begin|end)\s*\{([^{}]*)\}", tex)):
        return False
    # \\ (a new row) is no macro: \\g_i is a row break before g_i (a cases row written without a space)
    return all(m in _MACROS or m in ("begin", "end", "\\") for m in re.findall(r"\\(\\|[A-Za-z]+)", tex))
