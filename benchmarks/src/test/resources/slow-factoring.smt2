; Factor the 64-bit semiprime 9790765170742681277 = 3538334777 * 2767054501 into two 32-bit factors,
; multiplied without overflow (zero-extended to 64 bits). SAT, but bit-blasted factoring is hard for both
; solvers: standalone (Java APIs, fresh context, z3 4.14.1 / cvc5 1.3.2, both at once on the 2-core
; machine) each gave UNKNOWN (timeout) at its 60 s limit. The fault tests use it as a query that is
; certainly still running when a worker is killed or the deadline passes.
(set-logic ALL)
(set-option :produce-models true)
(declare-const x (_ BitVec 32))
(declare-const y (_ BitVec 32))
(assert (bvugt x #x00000001))
(assert (bvugt y #x00000001))
(assert (bvule x y))
(assert (= (bvmul ((_ zero_extend 32) x) ((_ zero_extend 32) y)) (_ bv9790765170742681277 64)))
(check-sat)
