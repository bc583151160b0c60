"""The table of constructs: every function, operator and constant of the expression language.

In the style of autograd's ``defvjp`` table, each construct is ONE ``Construct`` entry saying
everything the rest of derive needs to know about it: its names in file syntax and as LaTeX
macros, its arity, how its SymPy form is built and which SymPy classes that form uses, how
mpmath evaluates it (and where it is undefined), the rule named in step text, its kinks
(non-smooth points) for almost-everywhere reasoning, its notation in text/TeX/MathML and its
NumPy kernel.  Parser, evaluator, rules, printers, the NumPy printer and the prover look
constructs up here (``by_name``, ``for_class``); none keeps its own list.  ``register``
adds a construct, so a new function is written in one place; ``not_built_in`` names those
registered from user code (the verdict cache cannot key their code, so it is off meanwhile).
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from sympy import Expr

__all__ = ["Notation", "Construct", "register", "by_name", "by_latex", "for_class", "notation_of", "constructs", "same_table", "file_names",
           "mark_built_in", "not_built_in"]


@dataclass(frozen=True)
class Notation:
    """How a construct is printed.

    ``style`` is ``"call"`` (``name(a, b)`` in every format), ``"bars"`` (``|a|``), ``"brackets"``
    (``name[a]``: the indicator ``𝟙[c]``, which the LaTeX reader reads back) or ``"own"`` (the
    printers' own ``_print_<Class>`` method, for exp, ln, sums, deltas, …).
    """

    text: str
    tex: str
    mathml: str
    style: str = "call"


@dataclass(frozen=True)
class Construct:
    """One function, operator, constant or special form of the expression language."""

    #: canonical file-syntax name (``max``), or the operator's symbol (``<=``)
    name: str
    #: what it means, one line (README and error messages)
    meaning: str
    #: other file-syntax names (``ln`` for ``log``)
    aliases: tuple[str, ...] = ()
    #: LaTeX macros that denote it (for the LaTeX reader)
    latex: tuple[str, ...] = ()
    #: number of file arguments; None for a constant
    arity: int | None = 1
    #: file arguments (SymPy) -> SymPy expression; None for special forms the grammar builds itself
    build: Callable[..., Expr] | None = None
    #: SymPy classes whose nodes this construct owns (evaluation, printing, rules, kinks)
    classes: tuple[type, ...] = ()
    #: mpmath function of the evaluated SymPy arguments; raise ValueError where undefined.
    #: With ``lazy``, called as ``mp(value_of, node)`` instead (conditions, ``where``).
    mp: Callable | None = None
    lazy: bool = False
    #: positions of the file arguments that are conditions (``where``'s first)
    conditions: tuple[int, ...] = ()
    #: where it is defined (documentation)
    domain: str = "all reals"
    #: its argument -> the conditions under which it has a real value (log: u > 0); kept with a claim as
    #: written, since SymPy's own simplification can drop the node (exp(log u) is u, (√u)² is u)
    defined: Callable[[Expr], tuple] | None = None
    #: real-analytic on all of ℝ (no kink, pole or edge of a domain): a kink argument built from such
    #: functions and polynomials is 0 on a null set once it is nonzero at one point (``kinks._generic``)
    entire: bool = False
    #: the textbook rule named in step text for differentiating it
    rule: str | None = None
    #: SymPy arguments -> expressions whose zero is a non-smooth point (a kink)
    kinks: Callable[[tuple], list] | None = None
    #: the name of its value where its kink argument is 0 at every input near a point (x_k − x_c at k = c,
    #: no null set): "H(0)" or "sign(0)", the conventions ``compiled.TIE_VALUES`` lists; None: no value there
    tie: str | None = None
    #: SymPy arguments, sign_of(u) (+1/-1/None) -> the smooth branch on that side, or None
    branch: Callable[[tuple, Callable], Expr | None] | None = None
    notation: Notation | None = None
    #: the SymPy node -> the operands shown by printers (``H(x)``, not ``Heaviside(x, 1/2)``); None: own printing
    operands: Callable[[Expr], tuple | None] | None = None
    #: the SymPy node -> (notation, operands) where a node reads better otherwise (``where(c, 1, 0)`` as ``𝟙[c]``)
    variant: Callable[[Expr], tuple[Notation, tuple] | None] | None = None
    #: NumPy function (``numpy.maximum``) or stable kernel of numeric.kernels (``_erf``)
    numpy: str | None = None
    #: the numerically stable rewrite numeric uses, if any (documentation; rules in numeric.stable)
    stable: str | None = None
    #: example for the README
    example: str = ""
    #: a quantity declared with this name shadows the construct (built-ins added after 1.0)
    shadowable: bool = True
    #: "function", "constant", "operator" or "form" (Sum, delta, diff)
    kind: str = "function"
    extra: dict = field(default_factory=dict, compare=False)

    @property
    def almost_everywhere(self) -> bool:
        """True when claims using this construct can only hold almost everywhere (it has kinks)."""
        return self.kinks is not None

    def shown(self, expr: Expr) -> tuple | None:
        """The operands printers show for ``expr`` (call/bars notation), or None to print it their own way."""
        if self.notation is None or self.notation.style == "own":
            return None
        return self.operands(expr) if self.operands is not None else tuple(expr.args)

    @property
    def names(self) -> tuple[str, ...]:
        """Every file-syntax name."""
        return (self.name, *self.aliases)


_BY_NAME: dict[str, Construct] = {}
_BY_CLASS: dict[type, Construct] = {}
_ORDER: list[Construct] = []
#: ``for_class``'s answer per class, asked of every node of every expression the kink walks see;
#: emptied whenever the table changes.
_FOR_CLASS: dict[type, Construct | None] = {}
#: The table as derive itself fills it (``builtins`` records it once it has registered everything).
_BUILT_IN: tuple[Construct, ...] = ()


def register(c: Construct) -> Construct:
    """Add ``c`` to the table (a later entry for the same name or class replaces the earlier one)."""
    for old in [o for o in _ORDER if o.name == c.name]:
        _ORDER.remove(old)
    _ORDER.append(c)
    for n in c.names:
        _BY_NAME[n] = c
    for cls in c.classes:
        _BY_CLASS[cls] = c
    _FOR_CLASS.clear()
    return c


def unregister(name: str) -> None:
    """Remove the construct called ``name`` (tests that register a function clean up with this)."""
    c = _BY_NAME.get(name)
    if c is None:
        return
    _ORDER.remove(c)
    for n in c.names:
        _BY_NAME.pop(n, None)
    for cls in c.classes:
        if _BY_CLASS.get(cls) is c:
            del _BY_CLASS[cls]
    _FOR_CLASS.clear()


def mark_built_in() -> None:
    """Record the table as it stands as derive's own (``builtins`` calls this last)."""
    global _BUILT_IN
    _BUILT_IN = tuple(_ORDER)


def not_built_in() -> list[str]:
    """Names of the constructs registered or removed since derive filled the table (from user code), sorted."""
    # By identity: a construct registered again under a built-in's name may mean anything.
    built_in, now = {id(c) for c in _BUILT_IN}, {id(c) for c in _ORDER}
    return sorted({c.name for c in _ORDER if id(c) not in built_in} | {c.name for c in _BUILT_IN if id(c) not in now})


def by_latex(macro: str) -> list[Construct]:
    """Constructs a LaTeX macro (``\\max``, ``\\operatorname{erf}``) may denote, for LaTeX readers."""
    return [c for c in _ORDER if macro in c.latex]


def by_name(name: str) -> Construct | None:
    """The construct written ``name`` in files (functions, constants, special forms), or None."""
    return _BY_NAME.get(name)


def for_class(cls: type) -> Construct | None:
    """The construct owning SymPy class ``cls`` (or a base class of it), or None."""
    try:
        return _FOR_CLASS[cls]
    except KeyError:
        pass
    found = next((c for k in getattr(cls, "__mro__", (cls,)) if (c := _BY_CLASS.get(k)) is not None), None)
    _FOR_CLASS[cls] = found
    return found


def notation_of(expr) -> tuple[Notation, tuple] | None:
    """The table's notation for ``expr`` and the operands to show, when a printer should use it."""
    c = for_class(type(expr))
    if c is None:
        return None
    shown = c.shown(expr)
    if shown is None:
        return None
    return (c.variant(expr) if c.variant is not None else None) or (c.notation, shown)


def constructs(kind: str | None = None) -> Sequence[Construct]:
    """Every construct in registration order (only those of ``kind`` when given)."""
    return tuple(c for c in _ORDER if kind is None or c.kind == kind)


def same_table(a: Sequence[Construct], b: Sequence[Construct]) -> bool:
    """True when two snapshots of ``constructs()`` hold the very same entries in order (one replaced under its
    name is another entry, even at the address the old one had: a snapshot keeps its entries alive)."""
    return len(a) == len(b) and all(x is y for x, y in zip(a, b))


def file_names(kind: str | None = None) -> list[str]:
    """Sorted file-syntax names (of one kind)."""
    return sorted(n for c in constructs(kind) for n in c.names)
