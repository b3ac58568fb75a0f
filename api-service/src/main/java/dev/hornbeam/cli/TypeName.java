package dev.hornbeam.cli;

import dev.hornbeam.policy.resource.ResourceType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import picocli.CommandLine;

/**
 * A {@code --type} value: a type of the registry by its command-line name ({@link ResourceType#cliName}),
 * or, where a command allows it, {@code any} (no type: {@link #type} null).
 */
final class TypeName {
  static final String ANY = "any";

  /** The type, or null for {@code any}. */
  final ResourceType type;

  private TypeName(ResourceType type) {
    this.type = type;
  }

  /** {@code --type NAME}: a registry type. */
  static final class Converter implements CommandLine.ITypeConverter<TypeName> {
    @Override
    public TypeName convert(String value) {
      return ResourceType.ofCliName(value).map(TypeName::new).orElseThrow(() -> new CommandLine.TypeConversionException(
          "\"" + value + "\" is not a resource type: one of " + ResourceType.cliNames()));
    }
  }

  /** {@code --type NAME} or {@code --type any}. */
  static final class OrAny implements CommandLine.ITypeConverter<TypeName> {
    @Override
    public TypeName convert(String value) {
      if (value.equals(ANY)) {
        return new TypeName(null);
      }
      return ResourceType.ofCliName(value).map(TypeName::new).orElseThrow(() -> new CommandLine.TypeConversionException(
          "\"" + value + "\" is not a resource type: one of " + ResourceType.cliNames() + " or " + ANY));
    }
  }

  /** The names, for help ({@code ${COMPLETION-CANDIDATES}}) and shell completion. */
  static final class Names implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return Arrays.stream(ResourceType.values()).map(ResourceType::cliName).iterator();
    }
  }

  /** The names and {@code any}. */
  static final class NamesOrAny implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      List<String> names = new ArrayList<>();
      new Names().forEach(names::add);
      names.add(ANY);
      return names.iterator();
    }
  }
}
