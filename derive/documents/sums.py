"""``\\sum`` and ``\\prod`` in LaTeX math: their indices, limits, exclusions and inferred ranges.

A mixin of ``derive.documents.mathbuild.Builder``: ``\\sum_{i=1}^{n}``, ``\\sum_i`` (the range
of the first axis ``i`` indexes in the body), ``\\sum_{i,k}``, ``\\sum_{i,k=1}^{n}`` (both over 1..n),
``\\sum_{1 \\le i \\le n}`` and ``\\sum_{j \\ne c}`` (the shared contract's exclusion: a factor ``1 - δ_jc``;
in an equation where c is no free index, ``\\sum_{i \\ne j}`` is the pairs off the diagonal), and ordered
chains: ``\\sum_{j<i}``, ``\\sum_{j>k}``, pairs ``\\sum_{i<j}`` and ``\\sum_{1 \\le i < j \\le n}``.
"""
from __future__ import annotations

import re

import sympy as sp
from sympy import Expr, Symbol

from ..algebra.bigops import MaxOver, product_without
from ..indexcalc import index
from ..language.arrays import Array, shape_text
from ..language.build import hold_for_each, noted
from ..verify.parser import MAX_NUMBER
from .grammar import Token, Tree
from . import matrices
from .matrices import scalar
from .macros import CONSTRUCTS, FUNCTION_MACROS
from .pieces import ArgMaxOf, axis_size, cannot, largest_of

#: a sum, product or maximum in a term's text: the terms after it are its own to take
_BIG = re.compile(r"\\(?:sum|prod|max|min)(?![A-Za-z])")
_ORDERED = re.compile(r"<|>|\\(?:le|leq|ge|geq|lt|gt)(?![A-Za-z])")
#: an order relation under \\sum: (direction, strict) — ``i < j`` reads from the small end, ``j > i`` from the large
ORDER = {"<": (1, 1), r"\lt": (1, 1), r"\le": (1, 0), r"\leq": (1, 0),
         ">": (-1, 1), r"\gt": (-1, 1), r"\ge": (-1, 0), r"\geq": (-1, 0)}


class Tail:
    """The terms after a sum, as written (``[sign, term, sign, term, …]``), that may be its summand's.

    ``\\sum_k x_k - x_k z_k`` is read as Σ_k (x_k − x_k z_k), as its writer means it: the k of the
    later term would otherwise be free on one side only, which no one means.  In a chain
    (``\\sum_i \\sum_j a_{ij} + b_{ij} + c_i``) the innermost sum takes the terms that use its index first,
    then the next one out those that use its own: Σ_i (Σ_j (a_ij + b_ij) + c_i).  ``taken``: how many so far.
    """

    def __init__(self, rest: list):
        self.rest, self.taken = rest, 0


def _letters(tree) -> set[str]:
    """Every single letter written in ``tree``."""
    if isinstance(tree, Token):
        return {str(tree)} if tree.type == "LETTER" else set()
    return set().union(*(_letters(c) for c in tree.children)) if tree.children else set()


#: fonts that set a word upright or bold as a label: ``V_{\mathrm{target}}``, ``b_{\rm in}`` (no index in it)
_LABEL_FONTS = frozenset({r"\mathrm", r"\mathit", r"\mathbf", r"\mathsf", r"\textrm", r"\textit", r"\textbf",
                          r"\text", r"\operatorname"})


def _index_letters(tree) -> set[str]:
    """The letters of a subscript that may be indices: not those of a word set in a font (``b_{\\mathrm{in}}``:
    its i was read as the sum's, and the bias taken into Σ_i, a wrong E = Σ (x_i y_i + b) proved)."""
    if isinstance(tree, Token):
        return _letters(tree)
    if _label_word(tree):
        return set()
    return set().union(*(_index_letters(c) for c in tree.children)) if tree.children else set()


def _label_word(tree: Tree) -> bool:
    """True for a word of two letters or more set in a font, ``\\mathrm{in}``: a label's, not one index set in bold."""
    return tree.data == "accent" and bool(tree.children) and str(tree.children[0]) in _LABEL_FONTS \
        and sum(1 for _ in tree.scan_values(lambda v: isinstance(v, Token) and v.type == "LETTER")) >= 2


def _uses(tree, names: set[str], keyed=None) -> bool:
    """True when an index in ``names`` is written in a subscript of ``tree`` (also inside a superscript, e^{-z_k}), as
    ``^{(i)}`` or as a power (\\gamma^{k}), outside a \\sum of its own.

    ``keyed``: whether a scripted factor is a ``[symbols]`` key as written (``b_{in}``: a label, no index in it)."""
    if isinstance(tree, Token) or not names:
        return False
    if keyed is not None and tree.data == "scripted" and keyed(tree):
        return False
    if tree.data == "bigop":  # \sum_k b_k after \sum_k a_k is a sum of its own
        own = _letters(tree.children[1]) if len(tree.children) == 3 else set()
        return _uses(tree.children[-1], names - own, keyed)
    if tree.data == "sub":
        return bool(_index_letters(tree) & names)
    if tree.data == "sup":  # CS229's y^{(i)}: an index in parentheses numbers the example; \gamma^{k}: a power by it
        if any(_letters(p) & names for p in tree.iter_subtrees() if p.data == "paren") or _index_letters(tree) & names:
            return True
    # (and a subscript inside a superscript, e^{-z_k}: read past it, log(1 + e^{-z_k}) was left outside Σ_k)
    return any(_uses(c, names, keyed) for c in tree.children)


#: big operators whose body ends at the last factor using their index: ∏_i (u_i c) is c^n ∏_i u_i and
#: max_k (z_k c) is not c max_k z_k for c < 0, so a later factor without the index must stay outside, as the
#: README says (a sum is linear: Σ_i (u_i c) = c Σ_i u_i, either reading holds; \arg\max is an index)
ENDS_AT_ITS_INDEX = frozenset({r"\prod", r"\max", r"\min"})
#: the operators over an index that are one maximum: min_k f is −max_k (−f), and arg min_k f the arg max of −f
MAXIMA = frozenset({r"\max", r"\min", r"\argmax", r"\argmin"})


def _mentions(tree, names: set[str], keyed=None) -> bool:
    """True when a letter in ``names`` is written anywhere in ``tree`` outside a big operator that binds it anew
    (``keyed`` as for ``_uses``)."""
    if isinstance(tree, Token):
        return tree.type == "LETTER" and str(tree) in names
    if keyed is not None and tree.data == "scripted" and keyed(tree):
        return False
    if _label_word(tree):
        return False  # V_{\mathrm{target}} after \prod_t: a label's word, no t in it
    if tree.data == "bigop" and len(tree.children) == 3:  # \prod_i u_i \prod_i v_i: the second binds its own i
        names = names - _letters(tree.children[1])
    return bool(names) and any(_mentions(c, names, keyed) for c in tree.children)


def _sum_chain(term: Tree) -> list[Tree]:
    """The sums a term ends in, outermost first (``\\sum_i \\sum_j …``); none when the last is bracketed whole."""
    chain, signed = [], term
    while True:
        last = signed.children[-1].children[-1]
        if not (isinstance(last, Tree) and last.data == "bigop"):
            break
        chain.append(last)
        signed = last.children[-1]
        if len(signed.children) != 1 or len(signed.children[-1].children) != 1:
            break  # a signed or multiplied summand: the chain ends at this sum
    if chain:
        body = chain[-1].children[-1]
        factor = body.children[-1].children[0]
        if len(body.children) == 1 and len(body.children[-1].children) == 1 and isinstance(factor, Tree) \
                and factor.data == "scripted" and len(factor.children) == 1 \
                and isinstance(factor.children[0].children[0], Tree) and factor.children[0].children[0].data == "paren":
            return []  # \sum_i \left[ … \right]: the brackets close the summand
    return chain


class Sums:
    """Big operators (mixed into the builder)."""

    def ended_bodies(self, factors: list) -> list:
        """A product's factors (and operators) with each ``\\prod``'s and ``\\max``'s body ended at its last
        factor that uses the operator's index; the factors after it follow the operator as factors of their own.

        The grammar gives a big operator every later factor: ``\\prod_i u_i \\prod_j v_j`` would be
        ∏_i (u_i ∏_j v_j) = (∏u)(∏v)^n.  A later big operator is a factor of its own; any other later factor
        without the index is refused as ambiguous (``\\prod_n \\lambda^{x_n} e^{-\\lambda}``: brackets say which).
        A factor between two that use the index stays inside (``\\prod_n e^{-\\lambda} \\lambda^{x_n}``).
        """
        out = []
        for c in factors:
            if isinstance(c, Tree) and c.data == "bigop" and str(c.children[0]) in ENDS_AT_ITS_INDEX:
                c, after = self._ended(c)
                out += [c, *after]
            else:
                out.append(c)
        return out

    def _ended(self, t: Tree) -> tuple[Tree, list]:
        """``(the big operator with its body ended, the factors after it)``; see ``ended_bodies``."""
        signed = t.children[-1]
        product = signed.children[-1]
        factors = self.ended_bodies(product.children)  # the operators inside end theirs first
        script = t.children[1] if len(t.children) == 3 else None
        sub = next((s for s in script.children if s.data == "sub"), None) if script is not None else None
        # the index letters, as written under the operator (with a k \ne j, j too: a factor with x_j stays in)
        names = {n for n in (_letters(sub) if sub is not None else ()) if not self.declared(n)}
        using = [p for p, f in enumerate(factors) if isinstance(f, Tree) and _mentions(f, names, self.keyed)]
        first = next(p for p, f in enumerate(factors) if isinstance(f, Tree))
        end = (using[-1] if using else first) + 1
        if end == len(factors) and factors == product.children:
            return t, []
        after = next(f for f in factors[end:] if isinstance(f, Tree)) if end < len(factors) else None
        if after is not None and after.data != "bigop":
            # \prod_n \lambda^{x_n} e^{-\lambda}: a Poisson likelihood's writer means e^{-λ} in each factor, the writer
            # of \prod_i u_i \exp(x) one e^x; the two differ by a power n, so neither is guessed
            last = [f for f in factors[end:] if isinstance(f, Tree)][-1]
            op, written = str(t.children[0]), " ".join(self.text[after.meta.start_pos:last.meta.end_pos].split())
            raise cannot(f"{op}_{{{self.src(sub.children[0]).strip('{}')}}} … {written}",
                         f"(ambiguous: {written} does not use the {op}'s index; bracket what it takes, "
                         f"{op}_{{…}} \\left(… {written}\\right), or write {written} before it)")
        body = Tree("product", factors[:end], meta=product.meta)
        body = Tree("signed", [*signed.children[:-1], body], meta=signed.meta)
        return Tree("bigop", [*t.children[:-1], body], meta=t.meta), factors[end:]

    def tail_of(self, term: Tree, rest: list) -> Tail | None:
        """The terms after ``term`` offered to the sums it ends in (see ``Tail``); None when it ends in none."""
        chain = _sum_chain(term) if rest else []
        if not chain or self.applies_a_function(term.children[-1], chain[0]):
            return None  # \log \sum_k e^{x_k} - x_k: the function takes the sum, and the sum its factor, no more
        tail = Tail(rest)
        for b in chain:
            self.tails[id(b)] = tail
        return tail

    def applies_a_function(self, product: Tree, bigop: Tree) -> bool:
        """True when a function head stands before ``bigop`` in ``product`` (``\\log``, ``\\sigma``, ``\\operatorname{…}``)."""
        for factor in product.children:
            if factor is bigop:
                return False
            if not (isinstance(factor, Tree) and factor.data == "scripted"):
                continue
            prim = factor.children[0].children[0]
            if isinstance(prim, Token) and prim.type == "OPNAME":
                return True
            written = self.src(prim)
            mapped = self.ctx.symbol(written)
            if written in FUNCTION_MACROS and not self.declared(written.lstrip("\\")) \
                    or mapped in CONSTRUCTS and not self.declared(mapped):
                return True
        return False

    def absorbed(self, body, tail: Tail, names: list[str]):
        """``body`` with the next terms of ``tail`` that use ``names`` (free nowhere else) added, as written."""
        own, names = set(names), set(names) - set(self.elsewhere or ())
        taken, rest = [], tail.rest
        while 2 * (tail.taken + len(taken)) + 1 < len(rest) \
                and _uses(rest[2 * (tail.taken + len(taken)) + 1], names, self.keyed):
            at = 2 * (tail.taken + len(taken))
            value = self.signed(rest[at + 1])
            taken.append(value if rest[at] != "-" else matrices.negate(value))
        tail.taken += len(taken)
        # (its own index, free elsewhere or not: the equation's free k is read from this very term, as a rereading
        # of the side decides)
        later = None
        for k in range(2 * tail.taken + 1, len(rest), 2):
            if _BIG.search(self.src(rest[k])):
                break  # \sum_k x_k + \sum_k y_k + z_k: the later sum takes what follows it
            if k > 2 * tail.taken + 1 and _uses(rest[k], own, self.keyed):
                later = rest[k]
                break
        if later is not None:
            # \sum_j \mu_j^2 + \sigma_j^2 - 1 - \log \sigma_j^2: the sum ended at the - 1, and log σ_j² was read with j free
            # on one side only (a right KL refuted); its writer means the whole summand
            index = ", ".join(sorted(own))
            raise cannot(f"the terms after a sum over {index}", f"(after '{self.src(rest[2 * tail.taken + 1]).strip()}', "
                         f"which does not use {index}, a later term does: bracket the summand, "
                         f"\\sum_{{{index}}} \\left(…\\right), or write that term before the sum)")
        if not taken:
            return body
        self.extended.update(names)
        return self.add([body, *taken])

    def bigop(self, t: Tree):
        op = str(t.children[0])
        script = t.children[1] if len(t.children) == 3 else None
        body_tree = t.children[-1]
        sub = sup = None
        for s in (script.children if script is not None else ()):
            sub, sup = (s, sup) if s.data == "sub" else (sub, s)
        if sub is None:
            raise cannot(op, "(name the summation index: \\sum_i or \\sum_{i=1}^{n})")
        # \sum_k {x_k - 1}: Σ_k x_k − 1 on the page (TeX prints no brackets for braces), Σ_k (x_k − 1) as grouped
        self._no_invisible_group(body_tree.children[-1].children, signed=True)
        if op in MAXIMA and _powered_bracket_first(body_tree):
            # \max_i(v_i)^2: the maximum's square, as \max(0, 1 - z)^2 is, or the maximum of the squares, as
            # \sum_i (v_i)^2 sums them? A checker must not guess.
            written = self.src(body_tree)
            raise cannot(f"{op}_{{{self.src(sub.children[0])}}}{written}",
                         f"(ambiguous: the power of the {op[1:]}, or the {op[1:]} of the powers; write "
                         f"\\left({op}_{{{self.src(sub.children[0])}}} …\\right)^k or {op}_{{{self.src(sub.children[0])}}} "
                         f"\\left((…)^k\\right))")
        limits = self.limits(sub.children[0], sup)
        names = [str(lim[0]) for lim in limits]
        tail = self.tails.pop(id(t), None) if op == r"\sum" else None  # a \prod's factors stay as written
        self.bound.extend(names)
        start = noted()
        try:
            body = self.signed(body_tree)  # \sum_i -2 a_i: the sign is the summand's, as Ioffe and Szegedy write
            if tail is not None:  # after the sums inside it took theirs
                # \sum_{j \ne i} g_j + g_i: the pairs' second letter i takes no term (read as Σ over the pairs of
                # g_j + g_i, a true claim was refuted); the term left free makes i free, and the sum j's alone
                paired = {str(lim[0]) for lim in limits if lim[3] is not None and str(lim[3]) in names}
                body = self.absorbed(body, tail, [n for n in names if n not in paired])
        finally:
            del self.bound[len(self.bound) - len(names):]
        if isinstance(body, Array):
            if op != r"\sum":
                raise cannot(op, f"(its body is a whole array of shape {shape_text(body)}: write one entry, like x_i)")
            # Σ_i (wᵀx⁽ⁱ⁾ − y⁽ⁱ⁾) x⁽ⁱ⁾, CS229's per-example gradient: the array whose entries are the sums of the body's
            whole = body
            return Array(whole.shape, lambda *ix: self.closed(op, sub, limits, whole.at(*ix)))
        return self.closed(op, sub, limits, body, start)

    def label_range(self, body: Expr, var: sp.Symbol) -> Expr | None:
        """The range of the label that ``var`` meets in a delta or an equality of ``body`` (Σ_c 𝟙[c = y_i] runs over
        y's classes), when it meets one label's values only; else None."""
        ranges = set()
        for e in sp.preorder_traversal(body):
            if isinstance(e, (sp.KroneckerDelta, sp.Eq)) and var in e.args:
                other = e.args[1] if e.args[0] == var else e.args[0]
                name = str(other.base) if isinstance(other, sp.Indexed) else str(other)
                if name in self.ctx.label_ranges:
                    ranges.add(self.ctx.label_ranges[name])
        return ranges.pop() if len(ranges) == 1 else None

    def closed(self, op: str, sub, limits: list, body: Expr, start: int | None = None):
        """The scalar ``body`` under ``op`` over ``limits`` (outermost first); where the terms as written are
        real (noted since ``start``) then holds for each of them (``build.hold_for_each``)."""
        if len(limits) == 2 and limits[0][3] is None and limits[1][3] == limits[0][0] and "," not in self.src(sub) \
                and not body.has(limits[1][0]):
            # \prod_{k \ne j} x_k read as the pairs off the diagonal, but its body never uses j: j is the index
            # free beside it (x_j \prod_{k \ne j} x_k, where the equation's other side names no j), one factor left out.
            limits = [(limits[0][0], sp.Integer(1), None, limits[1][0])]
        over: list = []  # the limits, innermost first
        kept: list = []  # the terms summed, where one is left out (k ≠ j)
        least = op in (r"\min", r"\argmin")
        body = -body if least else body  # a minimum is the maximum of the negated terms, negated (one MaxOver)
        for var, lo, hi, excluded in reversed(limits):
            if hi is None:
                hi = axis_size(body, var, self.ctx.shapes)
                if hi is None:
                    hi = self.label_range(body, var)
                if hi is None:
                    # under a chain (\sum_{i<j} 1) the bound belongs in the chain, not in a limit of its own
                    # the block's size when it declares one (n when none, or several: which is the writer's to say)
                    n = next(iter(self.ctx.scope.sizes)) if len(self.ctx.scope.sizes) == 1 else "n"
                    hint = (f"{op}_{{1 \\le {var} \\le {n}}}" if len(limits) == 1 else f"{op}_{{1 \\le i < j \\le {n}}}") \
                        if _ORDERED.search(self.src(sub)) else f"{op}_{{{var}=1}}^{{{n}}}"
                    raise cannot(f"{op}_{var}", f"(the range of {var} is unclear: write {hint})")
            over.append((var, lo, hi))
            if excluded is not None:
                kept.append(sp.Ne(var, excluded))
            if op in MAXIMA and excluded is not None:
                raise cannot(rf"{op}_{{{var} \ne …}}", f"(a {'minimum' if least else 'maximum'} leaves out no term: "
                                                       f"write {op}_k over a range)")
            if op in (r"\max", r"\min"):
                body = MaxOver(body, (var, lo, hi))
                continue
            if op in (r"\argmax", r"\argmin"):
                if len(limits) != 1:
                    written = op.replace("arg", "arg\\")  # \arg\max, as the note writes it
                    raise cannot(written, f"(over one index: {written}_k z_k)")
                hold_for_each(start, over, self.bound, sp.And(*kept) if kept else None)
                return ArgMaxOf(largest_of(MaxOver(body, (var, lo, hi))), *([sp.Integer(1)] if least else []))
            if op == r"\prod" and excluded is not None:  # not a factor (1 − δ_kj): that would make it 0
                body = product_without(body, var, lo, hi, excluded)
                continue
            if excluded is not None:
                body = body * (1 - sp.KroneckerDelta(var, excluded))
            body = (sp.Sum if op == r"\sum" else sp.Product)(body, (var, lo, hi))
        hold_for_each(start, over, self.bound, sp.And(*kept) if kept else None)
        return -body if least else body

    def limits(self, arg, sup) -> list:
        """``(index, lo, hi or None, excluded or None)`` for each index under ``\\sum``, outermost first."""
        arg = arg.children[0] if isinstance(arg, Tree) and arg.data == "subarg" else arg
        if isinstance(arg, Token):
            conds = [arg]
        elif arg.data == "conds":
            conds = arg.children
        else:
            raise cannot(self.src(arg), "(under \\sum write i, i=1 or j \\ne c)")
        if sup is not None and len(conds) == 2:
            skipping = self.range_skipping(conds, sup)
            if skipping is not None:
                return [skipping]
        if sup is not None and len(conds) >= 2:
            shared = self.shared_range(conds, sup)
            if shared is not None:
                return shared
        if sup is not None and len(conds) != 1:
            raise cannot(r"\sum", "(an upper limit needs exactly one index, or several sharing it: \\sum_{i,j=1}^{n})")
        out = []
        for c in conds:
            if isinstance(c, Token):
                var_tree, op, rhs = c, None, None
            elif len(c.children) == 5 and {str(c.children[1]), str(c.children[3])} <= {r"\le", r"\leq"}:
                var = self.summation_index(c.children[2])
                out.append((var, self.limit(c.children[0]), self.limit(c.children[4]), None))
                continue
            elif len(c.children) >= 3 and all(str(op) in ORDER for op in c.children[1::2]):
                out.extend(self.ordered(c.children, sup))
                continue
            elif len(c.children) == 3:
                var_tree, op, rhs = c.children
            else:
                var_tree, op, rhs = c.children[0], None, None
            var = self.summation_index(var_tree)
            lo, hi, excluded = sp.Integer(1), None, None
            if op is not None and str(op) == "=":
                lo = self.limit(rhs)
            elif op is not None and str(op) in (r"\ne", r"\neq"):
                other = self.new_index(rhs) if self.elsewhere is not None else None
                if other is not None:  # \sum_{i \ne j} with neither index free in the equation: the pairs off the diagonal
                    if sup is not None:
                        raise cannot(r"\sum", "(an upper limit needs exactly one index)")
                    out += [(var, sp.Integer(1), None, None), (other, sp.Integer(1), None, var)]
                    continue
                excluded = self.index_of(self.unwrap(rhs))
            elif op is not None:
                raise cannot(str(op), "(under \\sum write i, i=1, j \\ne c, j < i or i < j)")
            if sup is not None:
                hi = self.limit(sup.children[0])
            elif op is not None and str(op) == "=":
                raise cannot(r"\sum", f"(give the upper limit: \\sum_{{{var}=…}}^{{n}})")
            out.append((var, lo, hi, excluded))
        names = [str(limit[0]) for limit in out]
        if len(set(names)) < len(names):
            # \sum_{j \ne 1, j \ne 2}: read as two sums, the first lost and the rest scaled by n - 1, a false claim
            # was proved; conditions on one index are not read together
            raise cannot(r"\sum", "(each index under \\sum once: several conditions on one index, j \\ne 1 and "
                                   "j \\ne 2, are not read together; write the terms out, \\sum_j w_j - w_1 - w_2)")
        return out

    def shared_range(self, conds: list, sup) -> list | None:
        """``\\sum_{i,j=1}^{n}`` (CS229's dual, GloVe) or ``\\sum_{i=1,j=1}^{n}``: every index listed runs to the one upper
        limit, from its own lower one or, written bare, from the next one's; else None."""
        def lower(c) -> bool:
            return isinstance(c, Tree) and c.data == "cond" and len(c.children) == 3 and str(c.children[1]) == "="
        if not lower(conds[-1]):
            return None
        if not all(lower(c) or isinstance(c, Token) or isinstance(c, Tree) and len(c.children) == 1 for c in conds):
            return None
        names, los, lo = [], [], None
        for c in reversed(conds):
            if lower(c):
                lo = self.limit(c.children[2])
            names.append(self.summation_index(c.children[0] if lower(c) or isinstance(c, Tree) else c))
            los.append(lo)
        if len(set(names)) < len(names):
            raise cannot(r"\sum", "(each index under \\sum once: \\sum_{i,j=1}^{n})")
        hi = self.limit(sup.children[0])
        return [(var, lo, hi, None) for var, lo in zip(reversed(names), reversed(los))]

    def range_skipping(self, conds: list, sup) -> tuple | None:
        """``\\sum_{j=1, j \\ne y}^{n}`` (or ``\\substack{j=1 \\\\ j \\neq y}``): one index over 1..n without one term, or None."""
        parts = [c.children if isinstance(c, Tree) and c.data == "cond" and len(c.children) == 3 else None for c in conds]
        if None in parts:
            return None
        by_op = {"=" if str(op) == "=" else "ne" if str(op) in (r"\ne", r"\neq") else str(op): (var, rhs)
                 for var, op, rhs in parts}
        if set(by_op) != {"=", "ne"} or self.src(by_op["="][0]) != self.src(by_op["ne"][0]):
            return None
        var = self.summation_index(by_op["="][0])
        return var, self.limit(by_op["="][1]), self.limit(sup.children[0]), self.index_of(self.unwrap(by_op["ne"][1]))

    def ordered(self, chain: list, sup) -> list:
        """The limits of an ordered chain under ``\\sum``: ``j < i``, ``j > k``, ``i < j`` (pairs), ``1 \\le i < j \\le n``.

        A letter naming no quantity, no enclosing summation index and no index free in the equation
        (``self.elsewhere``) is summed; every other term bounds the indices beside it (``\\sum_{j<i}`` inside
        ``\\sum_i`` is j = 1..i − 1).  Two new letters are a sum over pairs, the first outermost.
        """
        terms, ops = chain[0::2], [str(op) for op in chain[1::2]]
        if all(ORDER[op][0] < 0 for op in ops):  # n \ge j > i: read from the small end
            terms, ops = terms[::-1], ops[::-1]
        elif not all(ORDER[op][0] > 0 for op in ops):
            raise cannot(self.src_of(chain), "(under \\sum a chain runs one way: i < j \\le n)")
        summed = [self.new_index(t) for t in terms]
        if not any(summed):
            raise cannot(self.src_of(chain), "(no summation index: one side of < names a new letter)")
        if sup is not None and sum(map(bool, summed)) != 1:
            raise cannot(r"\sum", "(an upper limit needs exactly one index)")
        values = [v or self.limit(t) for t, v in zip(terms, summed)]
        strict = [ORDER[op][1] for op in ops]
        out = []
        for p, var in enumerate(summed):
            if var is None:
                continue
            lo = values[p - 1] + strict[p - 1] if p > 0 else sp.Integer(1)
            hi = None
            if sup is not None:
                hi = self.limit(sup.children[0])
            elif p + 1 < len(terms):
                # the next explicit bound; past an inner summed index it stays as written (i < j ≤ n: i = 1..n,
                # whose last term's inner range is empty, never backwards)
                q = next((q for q in range(p + 1, len(terms)) if summed[q] is None), None)
                if q is not None:
                    hi = values[q] - (strict[p] if q == p + 1 else 0)
            out.append((var, lo, hi, None))
        return out

    def new_index(self, t) -> Symbol | None:
        """The summation index a term of an ordered chain names, or None for a bound (a limit)."""
        tok = self.unwrap(t)
        if not (isinstance(tok, Token) and tok.type in ("LETTER", "CMD")):
            return None
        name = str(tok).lstrip("\\")
        if name in self.bound or name in (self.elsewhere or ()) or self.declared(name) or name in self.ctx.labels:
            return None
        return self.summation_index(t)

    def src_of(self, chain: list) -> str:
        """The source text of an ordered chain's terms and relations, for an error."""
        return "".join(self.src(x) for x in chain)

    def unwrap(self, t):
        """The single token or factor an expression tree consists of (for indices)."""
        while isinstance(t, Tree) and t.data in ("expr", "signed", "product", "scripted", "primary") \
                and len(t.children) == 1:
            t = t.children[0]
        return t

    def primed_letter(self, t) -> str | None:
        """``c'`` (Murphy's \\sum_{c'}, Bishop's k'): a letter with primes, as the index's name; else None."""
        t = self.unwrap(t)
        if isinstance(t, Tree) and t.data == "scripted" and len(t.children) == 2 and isinstance(t.children[1], Token) \
                and t.children[1].type == "PRIMES":
            head = self.unwrap(t.children[0])
            if isinstance(head, Token) and head.type == "LETTER":
                return str(head) + "'" * len(str(t.children[1]))
        return None

    def summation_index(self, t) -> Symbol:
        tok = self.unwrap(t)
        if self.primed_letter(t) is not None:
            return index(self.primed_letter(t))
        if not (isinstance(tok, Token) and tok.type in ("LETTER", "CMD")):
            pair = re.fullmatch(r"\((\w+),(\w+)\)", self.src(t))
            if pair:  # a recommender's Σ_{(u,i)}: over the pairs observed, which no index range says
                raise cannot(self.src(t), f"(a summation index is one letter: \\sum_{{{pair[1]},{pair[2]}}} sums over "
                                          f"every pair; over the observed pairs only, weigh each term by a 0/1 input "
                                          f"of the derive block)")
            raise cannot(self.src(t), "(a summation index is one letter, primes allowed: c')")
        name = str(tok).lstrip("\\")
        if self.declared(name):
            raise cannot(f"_{{{name}}}", f"({name} is a quantity or size, not a summation index)")
        mapped = self.ctx.symbol(str(tok))  # '\gamma' = "c" in [symbols]: the letter stands for c
        if name in self.ctx.labels or mapped in self.ctx.labels:
            # Σ_{y=1}^{n} z_y would read its z_y as the label's entry, not as the terms of the sum.
            raise cannot(f"_{{{name}}}", f"({mapped or name} is a label, not a summation index: sum over another "
                                         f"letter)")
        if mapped is not None:
            raise cannot(f"_{{{name}}}", f"({str(tok)} stands for {mapped} in [symbols], not a summation index)")
        return index(name)

    def limit(self, t) -> Expr:
        if isinstance(t, Tree) and t.data == "suparg":
            if not t.children:
                raise cannot(r"\sum_{…}^{}", "(the upper limit is empty: write \\sum_{i=1}^{n})")
            t = t.children[0]
        self.in_limit = True
        try:
            val = scalar(self.value(self.subscript_value(t) if not (isinstance(t, Tree) and t.data == "expr")
                                    else self.expr(t)), "a summation limit")
        finally:
            self.in_limit = False
        sizes = {v for v in self.ctx.scope.sizes.values() if isinstance(v, Symbol)}
        # Another index may appear (Σ_{j=i+1}^{n}): its range and linearity are checked with the others.
        indices = {s for s in val.free_symbols if s.is_integer and s not in sizes}
        if not (val.is_integer and val.free_symbols <= sizes | indices) or abs(val.as_coeff_Add()[0]) > MAX_NUMBER:
            raise cannot(self.src(t), "(a summation limit is an integer, a size, another index, or + - of those)")
        return val


def _powered_bracket_first(body) -> bool:
    """True when a big operator's body opens with a bracket carrying a power and no sign before it: ``(v_i)^2``."""
    if not (isinstance(body, Tree) and body.data == "signed" and len(body.children) == 1):
        return False
    product = body.children[0]
    first = product.children[0] if isinstance(product, Tree) and product.data == "product" and product.children else None
    if not (isinstance(first, Tree) and first.data == "scripted" and isinstance(first.children[0], Tree)):
        return False
    prim = first.children[0].children[0] if first.children[0].children else None
    script = next((c for c in first.children[1:] if isinstance(c, Tree) and c.data == "script"), None)
    opener = prim.children[0] if isinstance(prim, Tree) and prim.data == "paren" and prim.children else None
    # a round or square bracket; a norm's bars (\min_j \|p - q_j\|^2) are no list of arguments
    return isinstance(opener, Token) and str(opener).rstrip().endswith(("(", "[")) and script is not None \
        and any(s.data == "sup" for s in script.children)
