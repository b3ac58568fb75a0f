package dev.hornbeam.smt;

import dev.hornbeam.smt.api.BitvectorFormula;
import dev.hornbeam.smt.api.BoolFormula;
import dev.hornbeam.smt.api.NumberFormula;
import dev.hornbeam.smt.api.StringFormula;
import java.util.EnumSet;
import java.util.Set;

/**
 * The query variables of one condition key. Names are generated ({@code k3.present}, {@code k3.e0.str},
 * …), never taken from the key, so no key text can change the query's structure; a comment in the query
 * says which key {@code k3} is.
 *
 * @param name the key as first written in the policy (keys are case-insensitive)
 */
record KeyVars(int index, String name, KeyShape shape, Set<View> views) {
  KeyVars {
    views = Set.copyOf(views.isEmpty() ? EnumSet.of(View.STR) : views);
  }

  String prefix() {
    return "k" + index;
  }

  boolean multi() {
    return shape instanceof KeyShape.Multi;
  }

  int elements() {
    return shape instanceof KeyShape.Multi m ? m.bound() : 1;
  }

  /** The presence flag (single) or the set size (multi). */
  String presenceVar() {
    return prefix() + (multi() ? ".count" : ".present");
  }

  /** Whether the key is present (a non-empty set, for a multi-valued key). */
  BoolFormula present() {
    return multi() ? Terms.compare(NumberFormula.Op.GE, count(), Terms.integer(1)) : Terms.boolVar(presenceVar());
  }

  /** The set size of a multi-valued key. */
  NumberFormula.Var count() {
    return Terms.intVar(presenceVar());
  }

  /** Whether element {@code e} is one of the request's values. */
  BoolFormula active(int e) {
    return multi() ? Terms.compare(NumberFormula.Op.GT, count(), Terms.integer(e)) : Terms.boolVar(presenceVar());
  }

  // Formula views of element e (names below).

  StringFormula.Var strVar(int e) {
    return Terms.strVar(str(e));
  }

  NumberFormula.Var numVar(int e) {
    return Terms.realVar(num(e));
  }

  BoolFormula.Var numOkVar(int e) {
    return Terms.boolVar(numOk(e));
  }

  NumberFormula.Var dateVar(int e) {
    return Terms.realVar(date(e));
  }

  BoolFormula.Var dateOkVar(int e) {
    return Terms.boolVar(dateOk(e));
  }

  BoolFormula.Var boolVar(int e) {
    return Terms.boolVar(bool(e));
  }

  BoolFormula.Var boolOkVar(int e) {
    return Terms.boolVar(boolOk(e));
  }

  StringFormula.Var binVar(int e) {
    return Terms.strVar(bin(e));
  }

  BoolFormula.Var binOkVar(int e) {
    return Terms.boolVar(binOk(e));
  }

  NumberFormula.Var ipFamilyVar(int e) {
    return Terms.intVar(ipFamily(e));
  }

  BitvectorFormula.Var ip4Var(int e) {
    return new BitvectorFormula.Var(ip4(e), 32);
  }

  BitvectorFormula.Var ip6Var(int e) {
    return new BitvectorFormula.Var(ip6(e), 128);
  }

  String element(int e) {
    return prefix() + ".e" + e;
  }

  String str(int e) {
    return element(e) + ".str";
  }

  String num(int e) {
    return element(e) + ".num";
  }

  String numOk(int e) {
    return element(e) + ".num_ok";
  }

  String date(int e) {
    return element(e) + ".date";
  }

  String dateOk(int e) {
    return element(e) + ".date_ok";
  }

  String bool(int e) {
    return element(e) + ".bool";
  }

  String boolOk(int e) {
    return element(e) + ".bool_ok";
  }

  String bin(int e) {
    return element(e) + ".bin";
  }

  String binOk(int e) {
    return element(e) + ".bin_ok";
  }

  String ipFamily(int e) {
    return element(e) + ".ipfam";
  }

  String ip4(int e) {
    return element(e) + ".ip4";
  }

  String ip6(int e) {
    return element(e) + ".ip6";
  }
}
