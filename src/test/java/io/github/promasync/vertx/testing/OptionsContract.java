package io.github.promasync.vertx.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * What every options data object promises, checked over its properties as reflection finds them
 * (one per getter), so that a property added later is covered, or fails
 * {@link #assertEveryPropertyIsChangedHere()} until its test says how to change it.
 *
 * @param <T> the options' type
 */
public final class OptionsContract<T> {

  private final Class<T> type;
  private final Supplier<T> defaults;
  private final Function<JsonObject, T> fromJson;
  private final UnaryOperator<T> copy;
  private final Map<String, Consumer<T>> changes = new LinkedHashMap<>();
  private final Set<String> notJson = new TreeSet<>();

  /**
   * The contract of one options class.
   *
   * @param type the options' class
   * @param defaults the no-arg constructor
   * @param fromJson the JSON constructor
   * @param copy the copy constructor
   */
  public OptionsContract(Class<T> type, Supplier<T> defaults, Function<JsonObject, T> fromJson,
      UnaryOperator<T> copy) {
    this.type = type;
    this.defaults = defaults;
    this.fromJson = fromJson;
    this.copy = copy;
  }

  /**
   * Says how the tests give a property a value other than its default.
   *
   * @param property the property's name
   * @param change sets another value
   * @return this contract
   */
  public OptionsContract<T> change(String property, Consumer<T> change) {
    changes.put(property, change);
    return this;
  }

  /**
   * Says that a property has no JSON form (programmatic only): JSON leaves it at its default.
   *
   * @param property the property's name
   * @return this contract
   */
  public OptionsContract<T> notJson(String property) {
    notJson.add(property);
    return this;
  }

  /**
   * The properties of {@code type}: one per public getter ({@code getX()}, {@code isX()}).
   *
   * @param type an options class
   * @return the property names, sorted, with their getters
   */
  public static Map<String, Method> properties(Class<?> type) {
    Map<String, Method> properties = new TreeMap<>();
    for (Method method : type.getMethods()) {
      String name = method.getName();
      int prefix = name.startsWith("get") ? 3 : name.startsWith("is") ? 2 : 0;
      if (prefix > 0 && name.length() > prefix && method.getParameterCount() == 0
          && !Modifier.isStatic(method.getModifiers()) && method.getDeclaringClass() != Object.class
          && !method.isBridge()) {
        properties.put(Character.toLowerCase(name.charAt(prefix)) + name.substring(prefix + 1),
            method);
      }
    }
    return properties;
  }

  /** Every property found by reflection has a change in the test, and no change is stale. */
  public void assertEveryPropertyIsChangedHere() {
    assertThat(changes.keySet()).as("the properties of %s", type.getSimpleName())
        .containsExactlyInAnyOrderElementsOf(properties(type).keySet());
  }

  /**
   * Options with every default write every JSON property, and nothing else: the JSON keys are the
   * properties but the programmatic ones.
   */
  public void assertToJsonWritesEveryJsonProperty() {
    List<String> expected = new ArrayList<>(properties(type).keySet());
    expected.removeAll(notJson);
    assertThat(json(defaults.get()).fieldNames()).containsExactlyInAnyOrderElementsOf(expected);
  }

  /**
   * Each property changed alone comes back from {@code toJson()} through the JSON constructor;
   * a programmatic one comes back as its default.
   */
  public void assertEveryPropertyRoundTripsThroughJson() {
    assertEveryPropertyIsChangedHere();
    T defaultOptions = defaults.get();
    for (Map.Entry<String, Consumer<T>> change : changes.entrySet()) {
      String property = change.getKey();
      T options = defaults.get();
      change.getValue().accept(options);
      Object changed = value(options, property);
      assertThat(changed).as("%s: the test's change", property)
          .isNotEqualTo(value(defaultOptions, property));

      T read = fromJson.apply(json(options));

      Object expected = notJson.contains(property) ? value(defaultOptions, property) : changed;
      assertThat(value(read, property)).as("%s read back from %s", property, json(options))
          .isEqualTo(expected);
    }
  }

  /** The copy constructor copies every property, all changed at once. */
  public void assertTheCopyConstructorCopiesEveryProperty() {
    assertEveryPropertyIsChangedHere();
    T original = defaults.get();
    changes.values().forEach(change -> change.accept(original));

    T copied = copy.apply(original);

    T defaultOptions = defaults.get();
    for (String property : properties(type).keySet()) {
      assertThat(value(copied, property)).as("%s of the copy", property)
          .isEqualTo(value(original, property))
          .isNotEqualTo(value(defaultOptions, property));
    }
  }

  /**
   * A JSON value of the wrong type, a fraction or an out-of-range number for an integer, or an
   * unknown enum constant, is refused with an {@code IllegalArgumentException} that names the
   * key and the value; for every JSON property, by the type of its getter.
   */
  public void assertWrongValuesAreRefusedNamingTheKey() {
    Map<String, Method> properties = properties(type);
    int checked = 0;
    for (Map.Entry<String, Method> property : properties.entrySet()) {
      if (notJson.contains(property.getKey())) {
        continue;
      }
      for (Object wrong : wrongValues(property.getValue().getGenericReturnType())) {
        String key = property.getKey();
        JsonObject json = new JsonObject().put(key, wrong);
        assertThatThrownBy(() -> fromJson.apply(json)).as("%s", json)
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageStartingWith(key + " ")
            .hasMessageContaining(" is not ");
        checked++;
      }
    }
    assertThat(checked).isGreaterThan(properties.size() - notJson.size());
  }

  /**
   * The converter vertx-codegen generated for the class is not public: the build makes it
   * package-private, so it is no API (its methods are package-private already).
   */
  public void assertTheGeneratedConverterIsNotPublic() {
    try {
      Class<?> converter = Class.forName(type.getName() + "Converter");
      assertThat(Modifier.isPublic(converter.getModifiers())).as("%s public", converter).isFalse();
      assertThat(converter.getDeclaredMethods()).extracting(Method::getName)
          .contains("fromJson", "toJson");
      for (Method method : converter.getDeclaredMethods()) {
        assertThat(Modifier.isPublic(method.getModifiers())).as("%s public", method).isFalse();
      }
    } catch (ClassNotFoundException e) {
      throw new AssertionError("no generated converter for " + type.getName(), e);
    }
  }

  private static List<Object> wrongValues(Type type) {
    if (type == boolean.class) {
      return List.of("true", 1);
    }
    if (type == int.class) {
      return List.of("1", 2.5, 1e10, true);
    }
    if (type == long.class) {
      return List.of("1", 2.5, 1e30, true);
    }
    if (type == double.class) {
      return List.of("1", true);
    }
    if (type == String.class) {
      return List.of(7, true, new JsonArray());
    }
    if (type instanceof Class<?> && ((Class<?>) type).isEnum()) {
      return List.of(7, "NO_SUCH_CONSTANT", ((Enum<?>) ((Class<?>) type).getEnumConstants()[0])
          .name().toLowerCase(java.util.Locale.ROOT));
    }
    if (type instanceof ParameterizedType
        && Collection.class.isAssignableFrom((Class<?>) ((ParameterizedType) type).getRawType())) {
      Type element = ((ParameterizedType) type).getActualTypeArguments()[0];
      List<Object> wrong = new ArrayList<>(List.of("x", new JsonObject()));
      for (Object item : wrongValues(element)) {
        wrong.add(new JsonArray().add(item));
      }
      return wrong;
    }
    // A data object.
    return List.of(1, "x", new JsonArray());
  }

  private Object value(T options, String property) {
    try {
      return comparable(properties(type).get(property).invoke(options));
    } catch (IllegalAccessException | InvocationTargetException e) {
      throw new AssertionError(property, e);
    }
  }

  // Data objects without equals() compare by their JSON form.
  private static Object comparable(Object value) {
    if (value == null) {
      return null;
    }
    try {
      Method toJson = value.getClass().getMethod("toJson");
      return Json.encode(toJson.invoke(value));
    } catch (NoSuchMethodException e) {
      return value;
    } catch (IllegalAccessException | InvocationTargetException e) {
      throw new AssertionError(e);
    }
  }

  private static JsonObject json(Object options) {
    try {
      return (JsonObject) options.getClass().getMethod("toJson").invoke(options);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }
}
