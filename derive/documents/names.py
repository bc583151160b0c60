"""Names in LaTeX math: letters, macros, decorations, the ``[symbols]`` table, subscripts as indices.

A mixin of ``derive.documents.mathbuild.Builder``: a name means a declared quantity (an entry of
it when subscripted, the whole array when not), a size, a summation index, a label (issue 11), a
constant (``e``, ``\\pi``) or a function head from ``derive.documents.macros`` — nothing else.
"""
from __future__ import annotations

import keyword

import re

import sympy as sp
from sympy import Expr, Symbol

from ..indexcalc import index
from ..language.arrays import Array, quantity_array
from ..language.scope import written_size
from ..verify.parser import MAX_NUMBER, ParseError
from .grammar import Token, Tree
from .macros import CONSTRUCTS, FUNCTION_MACROS
from .matrices import scalar
from .pieces import (GREEK, MATRIX_MACROS, NAMED_SYMBOLS, PLAIN_ACCENTS, ArgMaxOf, Cond, DiffOp, Func, Indicator, Partial,
                     cannot, check_variable, indicator)


#: decorations that make ``1`` the vector of ones (``\mathbb{1}`` is the indicator)
ONES_ACCENTS = frozenset({"mathbf", "boldsymbol", "bm", "vec", "pmb"})
#: unsupported macros with a specific reason
HINTS = {**{m: "(an ellipsis cannot be checked: write the sum with \\sum)"
            for m in (r"\dots", r"\cdots", r"\ldots", r"\vdots", r"\ddots")},
         r"\infty": "(only finite sizes and limits are checked)",
         r"\int": "(integrals are not supported)",
         r"\lim": "(limits are not supported)"}


#: A subscript that is an offset: single letters and whole numbers joined by + and - (i+k-1, K-k+1).
#: an offset's terms: letters, whole numbers, and a whole factor times a letter (a stride, ``_{2i+k-2}``)
_OFFSET = re.compile(r"(?:[0-9]*[A-Za-z]|[0-9]+)(?:[+-](?:[0-9]*[A-Za-z]|[0-9]+))+|[0-9]+[A-Za-z]")


def _by_array_entries(name: str, quantities, depth: int = 0) -> int:
    """How many times quantity ``name`` is differentiated by an array's entry, through the quantities the block
    defines as derivatives (``"H[i, j]" = "diff(g[i], w[j])"`` of ``"g[i]" = "diff(E, w[i])"``: twice)."""
    named = getattr(quantities.get(name), "derivative", None)
    if not isinstance(named, sp.Derivative) or depth > 8:
        return 0
    here = sum(n for v, n in named.variable_count if isinstance(v, sp.Indexed))
    inner = named.expr.base.name if isinstance(named.expr, sp.Indexed) else str(named.expr)
    return here + _by_array_entries(inner, quantities, depth + 1)


#: ``\\cdot`` in a matrix's subscript: the whole axis (``U_{\\cdot w}``, column w), read by ``Names.quantity`` alone
WHOLE_AXIS = sp.Symbol("whole·axis")



#: Greek letters papers use for special functions derive does not have, and which function each names.
SPECIAL_FUNCTIONS = {"Gamma": "gamma function Γ", "psi": "digamma function ψ"}

class Names:
    """Resolving names and indices (mixed into the builder, which supplies ``value``, ``factor``…)."""

    def named(self, prim, sub):
        """A letter, macro, decorated letter or ``\\text``: a quantity entry, size, index, constant or marker."""
        written = self.src(prim)
        mapped = self.ctx.symbol(written)
        if mapped is not None and mapped in CONSTRUCTS and not self.declared(mapped):
            # CS229's g for the sigmoid ('g' = "sigmoid"): g(z) and g'(z) are the function's
            if sub is not None:
                raise cannot(f"{written}_{{...}}", "(a function takes no subscript)")
            return Func(mapped, written)
        if mapped is not None:
            try:
                return self.quantity(mapped, sub)
            except ParseError as exc:
                if written.strip() != "\\delta" or sub is None or "found 2)" not in str(exc):
                    raise
                # the backprop error δ mapped in [symbols], and δ_ij written beside it for the Kronecker delta
                raise cannot(f"\\delta_{{{self.src(sub.children[0]).strip('{}')}}}",
                             f"(\\delta is {mapped} here, as [symbols] maps it; for the Kronecker delta write "
                             f"\\mathbb{{1}}[i = j] or I_{{ij}})") from None
        if isinstance(prim, Tree) and prim.data != "accent":  # {x}', {f'}'(x): a group where a name was to stand
            raise cannot(written, "(a name is expected here: a prime or a script takes a letter, x' or x_i)")
        if isinstance(prim, Tree):  # accent
            return self.accented(prim, sub)
        kind, name = prim.type, str(prim)
        if kind == "LETTER":
            return self.letter(name, sub)
        if kind == "CMD":
            return self.macro(name, sub)
        if kind == "OPNAME":
            macro = r"\operatorname{" + re.sub(r"^\\operatorname\*?\{|\}$", "", written) + "}"
            return self.function(macro, sub)
        # \text{diag}(s) (or \textrm, \mbox), as some notes set a function's name: macros.UPRIGHT
        words = re.fullmatch(r"\\[a-z]+\s*\{\s*([A-Za-z]+)\s*\}", written) if kind == "TEXT" else None
        if words and "\\text{" + words.group(1) + "}" in FUNCTION_MACROS and not self.declared(words.group(1)):
            return self.function("\\text{" + words.group(1) + "}", sub)
        raise cannot(written, "(map it to a quantity in [symbols])")

    def letter(self, name: str, sub):
        if self.declared(name) or name in self.ctx.labels:
            return self.quantity(name, sub)
        upper = name.upper()
        plain = None if sub is None else self.src(sub.children[0]).strip("{}")
        # (not where the letters with it name a quantity of their own: g_1 beside a scalar g1 and a vector G is
        # either, and was read as G_1; the message below asks for g1 to be mapped)
        if sub is not None and name.islower() and self.ctx.scope.quantities.get(upper, 0) > 0 \
                and not (plain and plain.isalnum() and self.declared(name + plain)):
            try:  # the tutorial's w_{11} for W_{11}: explicit entries only
                entry = self.quantity(upper, sub)
            except ParseError:
                entry = None  # w_j beside a matrix W is no entry of it: an unknown symbol, said below
            if entry is not None and all(i.is_Integer for i in entry.indices):
                return entry
        if name == "e" and name in self.bound and not self.in_limit:
            # Σ_e √e x_e: the index to the letter, Euler's number to a reader (as a subscript, x_e, it is the index)
            raise cannot("e", "(e is a summation index here: give the index another letter)")
        if name in self.bound or (self.in_limit and sub is None and len(name) == 1) \
                or sub is None and name in (self.elsewhere or ()) and len(name) == 1:
            # (an index free in the equation may stand as a value: a discount's \gamma^{j-1} beside r_j)
            if sub is not None:
                raise cannot(f"{name}_{{...}}", f"({name} is a summation index)")
            return index(name)
        if sub is None and name == "e":
            return sp.E
        if sub is None and name == "d":
            return Partial(total=True)
        if name == "I" and (sub is None or self.written_size(sub) is not None):
            return self.sizes.eye(self.written_size(sub))  # the identity matrix, I_n or sized by what it meets
        if name == "I" and (entry := self._two_indices(sub)) is not None:
            return sp.KroneckerDelta(*entry)  # I_{kj}, an entry of the identity (PRML's softmax Jacobian)
        at = None if sub is None else self.src(sub.children[0]).strip("{}")
        if at is not None and at not in self.ctx.labels and self.ctx.symbol(at) in self.ctx.labels:
            at = self.ctx.symbol(at)  # e_{c_2} with 'c_2' = "c2" mapped: the label c2
        if name == "e" and at in self.ctx.labels and not self.ctx.labels[at]:
            # s - e_c (the DL book's one-hot target): the basis vector at the label, as long as what it meets
            return self.sizes.basis(self.label(at, None))
        step = "; for the unit step write \\operatorname{H}(x) or \\Theta(x)" if name == "H" else ""
        written = None if sub is None else self.src(sub.children[0]).strip("{}")
        if written and written.isalnum() and self.declared(name + written):
            # W_2 for the second layer's weights W2: naming the map says how to write it
            raise ParseError(f"unknown symbol {name!r}: {name}_{written} is not an entry of a {name}; for the "
                             f"quantity {name + written} map it in [symbols] ('{name}_{written}' = \"{name + written}\")")
        split = re.match(r"(\d+)([A-Za-z]\w*)$", written or "")
        if split and self.ctx.symbol(f"{name}_{split.group(1)}") is not None:
            # Salehi's p_{0i}: entry i of the mapped p_0, or entry (0, i) of a p; a comma says which
            raise ParseError(f"unknown symbol {name!r}: for entry {split.group(2)} of {name}_{split.group(1)} "
                             f"write {name}_{{{split.group(1)},{split.group(2)}}}")
        raise ParseError(f"unknown symbol {name!r}: declare it in the derive block ([inputs] or [define]) "
                         f"or map it in [symbols]{step}")

    def macro_name(self, macro: str) -> str | None:
        """The quantity (or label) a Greek or named-symbol macro names (``\\phi`` phi, ``\\varepsilon`` epsilon), or None."""
        name = macro[1:]
        # \sigma is the quantity sigma; \y or \n, which TeX cannot print (no such macro), is not y or the size n
        if (self.declared(name) or name in self.ctx.labels) and name in NAMED_SYMBOLS:
            return name
        if name.startswith("var") and name in GREEK and self.declared(name[3:]):
            return name[3:]  # \varepsilon is the quantity epsilon, as \epsilon is
        return None

    def macro(self, macro: str, sub):
        name = macro[1:]
        named = self.macro_name(macro)
        if named is not None:
            return self.quantity(named, sub)
        if name == "partial" and sub is None:
            return Partial()
        if name == "delta" and sub is not None:
            try:
                idx = self.indices(sub.children[0], 2)
            except ParseError as exc:
                if "expected 2 indices, found 1" not in str(exc):
                    raise
                # Bishop's δ_k, an error term: with one index it is no Kronecker delta (PRML writes δ_k = y_k − t_k)
                raise cannot(f"\\delta_{{{self.src(sub.children[0]).strip('{}')}}}",
                             "(\\delta with two indices is the Kronecker delta; for an error term \\delta_k map "
                             "'\\delta' in [symbols] to a quantity of the block, '\\delta' = \"d\", defined as its "
                             "derivative, \"d[k]\" = \"diff(E, a[k])\")") from None
            if any(isinstance(i, ArgMaxOf) for i in idx):
                if all(isinstance(i, ArgMaxOf) for i in idx):
                    raise cannot(f"\\delta_{{{self.src(sub.children[0]).strip('{}')}}}",
                                 "(an arg max is compared with an index: \\delta_{j, \\arg\\max_k z_k})")
                return indicator(sp.KroneckerDelta(*idx))  # δ_{j, arg max_k x_k}, max pooling's slope: 𝟙[j = arg max]
            return sp.KroneckerDelta(*idx)
        if name == "pi" and sub is None:
            return sp.pi
        if name in ("nabla", "partial") and sub is not None:  # \nabla_W L, and \partial_{o_j} l as d2l.ai writes it
            var = self.value(self.subscript_value(sub.children[0]))
            return DiffOp((check_variable(var, self.ctx),), nabla=True, macro=macro,
                          kind="∂" if name == "partial" else "")
        if macro in FUNCTION_MACROS:
            return self.function(macro, sub)
        if macro in MATRIX_MACROS:
            raise cannot(macro, MATRIX_MACROS[macro])
        if macro in HINTS:
            raise cannot(macro, HINTS[macro])
        if name in GREEK and keyword.iskeyword(name):  # lambda: no quantity can have that name
            raise ParseError(f"unknown symbol {macro}: map it in [symbols] to a quantity of another name "
                             f"('{macro}' = \"lam\"; {name} is a keyword of the file syntax)")
        if name in GREEK:
            # (a Dirichlet, Beta or Gamma likelihood's log Γ(α) and ψ(α): a quantity declared so is a value, and
            # Γ(α) was then read as Γ·α, a right claim refuted)
            special = (f"; the {SPECIAL_FUNCTIONS[name]} is not among derive's functions (declared, {macro} is a value "
                       f"and {macro}(a) a product)") if name in SPECIAL_FUNCTIONS else ""
            raise ParseError(f"unknown symbol {macro}: declare a quantity named {name!r} in the derive block "
                             f"or map {macro} in [symbols]{special}")
        raise cannot(macro)

    def function(self, macro: str, sub):
        if macro not in FUNCTION_MACROS:
            raise cannot(macro)
        construct = FUNCTION_MACROS[macro]
        base = re.fullmatch(r"_?\{?(2|10|e)\}?", self.src(sub)) \
            if sub is not None and construct == "log" and "ln" not in macro else None
        if base is not None and base.group(1) == "e":  # \log_e p: the natural logarithm, written out
            return Func(construct, macro)
        if base is not None:  # \log_2 p (perplexity in bits): ln p / ln 2
            return Func(construct, macro, base=int(base.group(1)))
        if sub is not None:
            raise cannot(f"{macro}_{{...}}", "(a function takes no subscript; a logarithm's base is 2, 10 or e)"
                         if construct == "log" else f"(a function takes no subscript: {macro} names one)")
        return Func(construct, macro)

    def accented(self, t: Tree, sub):
        accent, arg = str(t.children[0])[1:], self.unwrap(t.children[1].children[0])
        inner = self.src(arg)
        spelled = f"\\{accent}{{{inner}}}"
        if spelled in FUNCTION_MACROS and not self.declared(inner):  # \mathrm{erf}, \mathrm{tr}: the table's spellings
            return self.function(spelled, sub)
        if accent == "mathbb" and (inner == "1" or inner == "I" and not self.declared("I")):  # 𝟙[·], Murphy's 𝕀(·)
            if sub is not None:
                return indicator(self.subscript_cond(sub.children[0]))
            return Indicator()
        if accent in ONES_ACCENTS and inner == "1" and (sub is None or self.written_size(sub) is not None):
            ones = self.sizes.ones(self.written_size(sub))  # the vector of ones, 1_n or sized by what it meets
            if sub is None:
                self.bare_ones.add(id(ones))  # \mathbf{1}[i = c] is the indicator (``Builder._apply_heads``)
            return ones
        if accent in ONES_ACCENTS and inner == "1":  # \mathbf{1}_{i = c}: the indicator, as 𝟙_{i = c} (the DL book)
            return indicator(self.subscript_cond(sub.children[0]))
        if accent in PLAIN_ACCENTS and len(inner) > 1 and inner.isidentifier() and (
                self.declared(inner) or inner in self.ctx.labels):
            return self.quantity(inner, sub)  # \mathrm{act}_s: a declared multi-letter name, as written
        if accent in PLAIN_ACCENTS and isinstance(arg, Token) and arg.type in ("LETTER", "CMD"):
            if accent == "mathrm" and inner == "d" and sub is None and not self.declared("d"):
                return Partial(total=True)
            if accent == "mathrm" and inner == "d" and sub is None:
                # \mathrm{d}L = w\,\mathrm{d}w beside a size named d: differentials to a reader, d·L = w·d·w to the
                # letter, and a false one was proved (the fraction \frac{\mathrm{d}L}{\mathrm{d}w} is refused alike)
                raise cannot(self.src(t), "(an upright d is a differential, and d names a quantity or size of the "
                                          "derive block here: write \\frac{\\partial L}{\\partial w}, or give that d "
                                          "another name)")
            return self.named(arg, sub)
        raise cannot(self.src(t), f"(map it to a quantity in [symbols], like '{self.src(t)}' = \"name\")")

    def written_size(self, sub) -> Expr | None:
        """The size a subscript names (``I_n``, ``\\mathbf{1}_{m}``) or writes (``I_3``), else None."""
        if sub is None:
            return None
        text = self.src(sub.children[0]).strip("{}").strip()
        if text.isascii() and text.isdigit() and int(text) >= 1:
            return written_size(sp.Integer(int(text)))
        return self.ctx.scope.sizes.get(text)

    def quantity(self, name: str, sub):
        scope = self.ctx.scope
        if name in self.ctx.labels and not self.declared(name):
            return self.label(name, sub)
        if name in scope.sizes:
            if sub is not None:
                # PRML's N_k beside N samples: the counts need a letter of their own (N is the size everywhere)
                raise cannot(f"{name}_{{...}}", f"({name} is a size, which has no entries: give the quantity written "
                                                f"{name}_k a symbol of its own, '\\tilde{{{name}}}' = \"{name}k\" in "
                                                f"[symbols] and \\tilde{{{name}}}_k in the notes, or the size "
                                                f"another letter)")
            return scope.sizes[name]
        if name not in scope.quantities:
            raise ParseError(f"[symbols] maps to {name!r}, which the derive block does not declare")
        if name in self.ctx.defined:
            self.ctx.defined_read.append(name)  # a premise naming one is a step, not a hypothesis
            if _by_array_entries(name, self.ctx.quantities) > 1:
                self.noticed.second_order = True  # "H[i, j]" = "diff(E, w[i], w[j])", or diff(g[i], w[j]) of a gradient g
            spec = self.ctx.quantities.get(name)
            if spec is not None and spec.derivative is not None:
                # δ_μ = diff(L, mu) is a derivative by μ as ∂L/∂μ is: a chain's step (batch norm's + δ_μ/n was refuted)
                # (a definition that divides or scales one, g = diff(f, x)/a, reads each derivative's variables)
                self.noticed.stepped |= {v.base.name if isinstance(v, sp.Indexed) else str(v)
                                         for d in spec.derivative.atoms(sp.Derivative)
                                         for v in d.variables} & set(self.ctx.quantities)
        axes = scope.quantities[name]
        try:
            written = self.src(sub.children[0]).strip("{} ") if sub is not None else ""
        except AttributeError:  # a subscript the reader put together (h_{t-1,i}'s entry part): no text of its own
            written = ""
        # (not beside a quantity written another way: mu is \mu, and Gutmann's ht, mapped from \tilde{h}, is h̃, so
        # h_t beside vectors h and ht is h's entry)
        letter = written.isalpha() and written not in self.bound and written not in self.ctx.labels \
            and name + written not in NAMED_SYMBOLS and name + written not in (self.ctx.symbols or {}).values()
        if (written.isdigit() or letter) and self.declared(name + written):
            # b_1 beside a vector b and a quantity b1 (W_0 beside W and W0): the entry to the letter, b1 to its writer
            # (y = x + b_1 was refuted, read as entry 1 of b added to every entry); u_o beside u and uo likewise (read
            # as u's entry at a free index o, a wrong ∂f/∂u_o = u_o was proved); inside Σ_o it is the entry
            fix = f"give {name + written} another name"
            if not (written.isdigit() and int(written) >= 1):  # (a key on an entry is refused: load.py)
                fix = f"for {name + written} map it in [symbols], '{name}_{written}' = \"{name + written}\", or {fix}"
            raise ParseError(f"cannot read {name}_{written} (beside the quantities {name} and {name + written} it "
                             f"names either: {fix})")
        if not axes:
            if sub is not None:
                raise cannot(f"{name}_{{...}}", f"({name} is a scalar and cannot be indexed)")
            return scope.base(name)
        if sub is None:  # the whole vector or matrix (matrix notation)
            return quantity_array(name, tuple(self.ctx.shapes[name]), scope.base(name))
        idx = self.indices(sub.children[0], axes, whole=axes == 2)
        if WHOLE_AXIS not in idx:
            return scope.base(name)[idx]
        if idx.count(WHOLE_AXIS) != 1:
            raise cannot(f"{name}_{{{self.src(sub.children[0])}}}", "(one whole axis at most: a column U_{\\cdot w}, "
                                                                   "or the matrix itself)")
        axis, base = idx.index(WHOLE_AXIS), scope.base(name)
        return Array((tuple(self.ctx.shapes[name])[axis],),
                     lambda a: base[tuple(a if k == axis else i for k, i in enumerate(idx))])

    def label(self, name: str, sub):
        shape = self.ctx.labels[name]
        if not shape:
            if sub is not None:
                raise cannot(f"{name}_{{...}}", f"(the label {name} is a scalar)")
            return Symbol(name, integer=True, positive=True)
        if sub is None:
            raise cannot(name, f"alone: the label {name} has {len(shape)} ax(es)")
        return self.label_entry(name, self.indices(sub.children[0], len(shape)))

    @staticmethod
    def label_entry(name: str, indices: tuple):
        """The entry of the per-sample label ``name`` at ``indices`` (an integer, one class per sample)."""
        return sp.IndexedBase(name, integer=True, positive=True)[indices]

    # -- indices ----------------------------------------------------------------------------
    def indices(self, arg, axes: int, whole: bool = False) -> tuple:
        """The indices of a subscript: ``_i``, ``_{ij}``, ``_{i,j}``, ``_{11}`` (digits split for a matrix); with
        ``whole``, ``\\cdot`` (or ``\\bullet``) for a whole axis is ``WHOLE_AXIS`` (the column ``U_{\\cdot w}``)."""
        if isinstance(arg, Tree) and arg.data == "subarg":
            arg = arg.children[0]
        if isinstance(arg, Token) or arg.data == "accent":
            items = [arg]
        else:
            conds = arg.children
            items = [c.children[0] for c in conds] if len(conds) > 1 else self.split(conds[0], axes)
        if len(items) != axes and axes == 1 and re.fullmatch(r"\{?[0-9]+[A-Za-z]\}?", re.sub(r"\s+", "", self.src(arg))):
            stride = self.offset_index(arg)  # x_{2i} of a vector: a stride, never two indices
            if stride is None:  # x_{0j}: no stride
                raise cannot(f"_{{{self.src(arg)}}}", "(expected 1 index: a number times an index is a stride, "
                                                     "x_{2i}; for an entry of a quantity with a numbered name write "
                                                     "x_{0,j}, with 'x_0' mapped in [symbols])")
            return (stride,)
        if len(items) != axes:
            said = f"{axes} index" if axes == 1 else f"{axes} indices"
            hint = "; row i of a matrix is written with ^{(i)}" if axes == 2 and len(items) == 1 else ""
            if hint and re.fullmatch(r"([A-Za-z])_\{?([A-Za-z])\}?", self.src(items[0]).strip()) \
                    and self.src(items[0]).strip()[0] in self.ctx.labels:
                # the center loss's c_{y_i}: the row at sample i's label
                hint = f"; the row at the label {self.src(items[0]).strip()} is written ^{{({self.src(items[0]).strip()})}}"
            raise cannot(f"_{{{self.src(arg)}}}", f"(expected {said}, found {len(items)}{hint})")
        return tuple(self.index_of(i, whole) for i in items)

    def split(self, cond: Tree, axes: int) -> list:
        if len(cond.children) != 1:
            raise cannot("a condition in a subscript")
        expr = cond.children[0]
        factors = expr.children[0].children[-1].children if len(expr.children) == 1 else None
        if factors and len(expr.children[0].children) == 1:
            if len(factors) > 1 and not any(isinstance(f, Token) for f in factors):
                return list(factors)
            written = self.src(expr)
            if len(factors) == 1 and written.isdigit() and len(written) == axes:
                return [Token("DIGIT", ch) for ch in written]
        return [expr]

    def _two_indices(self, sub) -> tuple | None:
        """The two indices of a subscript such as ``_{kj}``, or None when it holds no two."""
        try:
            return None if sub is None else self.indices(sub.children[0], 2)
        except ParseError:
            return None

    def one_index(self, arg) -> Expr:
        return self.indices(arg, 1)[0]

    def index_of(self, item, whole: bool = False) -> Expr:
        """One index: a letter (an index or a label), a positive integer, or a label entry like ``y_i``."""
        item = self.unwrap(item)
        if isinstance(item, Token) and item.type == "DIGIT":
            return sp.Integer(int(item)) if int(item) >= 1 else self._bad_index(item)
        if isinstance(item, Token) and item.type == "CMD" and str(item).lstrip("\\") not in NAMED_SYMBOLS:
            # U_{\cdot w}: a whole axis (a column), never an index named cdot (a right claim was refuted so)
            if whole and str(item).lstrip("\\") in ("cdot", "bullet"):
                return WHOLE_AXIS
            raise cannot(f"{item} in a subscript", "(an index is a letter, a number or a label's entry; a column of "
                                                 "a matrix is written U_{\\cdot w}, a row ^{(i)})")
        if isinstance(item, Token) and item.type in ("LETTER", "CMD"):
            name = str(item).lstrip("\\")
            if name in self.ctx.labels:
                return self.label(name, None)
            if name in self.ctx.scope.sizes:  # x_n, h_T: the last entry
                return self.ctx.scope.sizes[name]
            if self.declared(name):
                # CS229's h_\theta(x^{(i)}): a name with the subscript, which [symbols] maps ('h_\theta' = "h")
                raise cannot(f"_{{{name}}}", f"({name} is a quantity, not an index; for a name written with it, "
                                            f"map the name in [symbols], as 'h_\\theta' = \"h\")")
            return index(name)
        if self.primed_letter(item) is not None:
            return index(self.primed_letter(item))
        offset = self.offset_index(item)
        if offset is not None:
            return offset
        val = scalar(self.value(self.subscript_value(item)), f"the index {self.src(item)}")
        if val.is_Integer and 1 <= val <= MAX_NUMBER:
            return val
        if isinstance(val, Symbol) and val.is_integer or (isinstance(val, sp.Indexed) and val.is_integer):
            return val
        if isinstance(val, ArgMaxOf):
            return val  # (compared in δ_{j, arg max_k x_k}; anywhere else refused where it stands: ``read_value``)
        return self._bad_index(item)

    def offset_index(self, item) -> Expr | None:
        """``_{i+k-1}``, ``_{K-k+1}``: letters (indices, labels, sizes) and whole numbers added and subtracted, a
        convolution's window or a flipped filter (the file format's offsets); None for any other subscript."""
        written = re.sub(r"\s+", "", self.src(item)).strip("{}")
        if not _OFFSET.fullmatch(written):
            return None
        total, sign = sp.Integer(0), 1
        for times, letter, number, op in re.findall(r"(\d*)([A-Za-z])|(\d+)|([+-])", written):
            if op:
                sign = 1 if op == "+" else -1
                continue
            factor, token = int(times or 1), letter or number  # 2i: the stride times i
            if number:
                value = sp.Integer(int(number))
            elif token in self.ctx.labels:
                value = self.label(token, None)
            elif token in self.ctx.scope.sizes:
                value = self.ctx.scope.sizes[token]
            elif self.declared(token):
                raise cannot(f"_{{{written}}}", f"({token} is a quantity, not an index)")
            else:
                value = index(token)
            total += sign * factor * value
        if total.is_Integer:
            return None  # numbers alone: x_{12} is two indices of a matrix, or twelve
        return total

    def _bad_index(self, item):
        raise cannot(f"_{{{self.src(item)}}}", "(an index is a letter, a positive integer or a label like y_i)")

    def subscript_value(self, item):
        if isinstance(item, Tree) and item.data == "subarg":
            item = item.children[0]
            if isinstance(item, Tree) and item.data == "conds":
                item = item.children[0].children[0]
        if isinstance(item, Token):
            return self.token_value(item)
        if item.data == "accent":
            return self.named(item, None)
        if item.data == "expr":
            return self.product_or_expr(item)
        return self.factor(item)

    def subscript_cond(self, arg) -> object:
        arg = arg.children[0] if isinstance(arg, Tree) and arg.data == "subarg" else arg
        if isinstance(arg, Tree) and arg.data == "conds" and len(arg.children) == 1:
            c = self.cond(arg.children[0])
            if isinstance(c, Cond):
                return c.rel
        raise cannot(r"\mathbb{1}_{...}", "(write a condition like \\mathbb{1}_{i = j})")

    def bare_vector(self, cond: Tree) -> str | None:
        """The name of a vector quantity written alone (``z``, ``\\mathbf{z}``), else None."""
        if len(cond.children) != 1:
            return None
        expr = cond.children[0]
        if len(expr.children) != 1 or len(expr.children[0].children) != 1:
            return None
        factors = expr.children[0].children[0].children
        if len(factors) != 1 or factors[0].data != "scripted" or len(factors[0].children) != 1:
            return None
        prim = factors[0].children[0].children[0]
        written = self.src(prim)
        if (mapped := self.ctx.symbol(written)) is not None:
            name = mapped
        elif isinstance(prim, Tree) and prim.data == "accent" and str(prim.children[0])[1:] in PLAIN_ACCENTS:
            name = self.src(prim.children[1]).strip("{}").lstrip("\\")
        elif isinstance(prim, Token) and prim.type in ("LETTER", "CMD"):
            name = str(prim).lstrip("\\")
        else:
            return None
        return name if self.ctx.scope.quantities.get(name) == 1 else None
