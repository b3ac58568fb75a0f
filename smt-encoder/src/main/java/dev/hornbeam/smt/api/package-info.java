/**
 * The solver-neutral formula layer (issue 15), in the shape of java-smt's {@code api} package: typed,
 * immutable terms over the request variables that the encoder builds and every backend reads — the
 * SMT-LIB printer ({@link dev.hornbeam.smt.api.SmtLib}) for Z3 and cvc5, and the native procedure.
 *
 * <p>One file per value family (booleans, strings, regular expressions, numbers, bit-vectors), as the
 * evaluator has one place per family. Every operation is visited through {@link
 * dev.hornbeam.smt.api.Formula.Visitor}: adding one makes the compiler list every backend to teach.
 */
package dev.hornbeam.smt.api;
