package dev.hornbeam.smt;

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
  String present() {
    return multi() ? "(>= " + presenceVar() + " 1)" : presenceVar();
  }

  /** Whether element {@code e} is one of the request's values. */
  String active(int e) {
    return multi() ? "(> " + presenceVar() + " " + e + ")" : presenceVar();
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
