package io.github.promasync.vertx.impl;

import io.prometheus.metrics.config.PrometheusProperties;
import io.prometheus.metrics.config.PrometheusPropertiesException;
import io.prometheus.metrics.config.PrometheusPropertiesLoader;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;

/**
 * Reads the JSON form of an options data object: checks every value against the type of its
 * setter, then hands the JSON to the converter that vertx-codegen generated. Public because the
 * options of two packages ({@code vertx} and {@code vertx.metrics}) use it.
 *
 * <p>Why check first: a generated converter skips a value of the wrong type without a word (the
 * default stays) and throws an {@code IllegalArgumentException} for an unknown enum constant that
 * does not say which key held it. Here such a value is refused, naming its key: {@code port "abc"
 * is not an integer}. A key without a setter is skipped, as the converter skips it; so is a
 * setter whose type has no JSON form this class knows (the options read such keys themselves),
 * and so is {@code null}, which the converter skips too (the key keeps its default, unless the
 * options give {@code null} a meaning of their own).
 */
public final class OptionsJson {

  private OptionsJson() {
  }

  /**
   * Checks {@code json} against the setters of {@code options}, then runs the generated converter.
   *
   * @param json the JSON form
   * @param options the options to set, with their defaults
   * @param converter the generated {@code fromJson}
   * @param <T> the options' type
   * @throws IllegalArgumentException naming the key, if a value has the wrong type or is not one
   *     of an enum's constants; or if a setter refuses a value
   */
  public static <T> void read(JsonObject json, T options, BiConsumer<JsonObject, T> converter) {
    Objects.requireNonNull(json, "json");
    for (Map.Entry<String, Object> member : json) {
      if (member.getValue() != null) {
        Method setter = setter(options.getClass(), member.getKey());
        if (setter != null) {
          check(member.getKey(), member.getValue(), setter.getGenericParameterTypes()[0]);
        }
      }
    }
    converter.accept(json, options);
  }

  private static Method setter(Class<?> type, String key) {
    if (key.isEmpty()) {
      return null;
    }
    String name = "set" + Character.toUpperCase(key.charAt(0)) + key.substring(1);
    for (Method method : type.getMethods()) {
      if (method.getName().equals(name) && method.getParameterCount() == 1 && !method.isBridge()
          && !Modifier.isStatic(method.getModifiers())) {
        return method;
      }
    }
    return null;
  }

  /**
   * Refuses a value that is not of {@code type}, for options that read a key themselves (a
   * property the converter does not handle): a boolean, an integer, a number, a string, an enum
   * constant, a {@link JsonArray} or {@link JsonObject}, a data object (a JSON object), or a
   * {@code Collection} or string-keyed {@code Map} of those as a parameterized type; any other
   * type passes.
   *
   * @param key the JSON key, named in the message
   * @param value its value, not {@code null}
   * @param type the Java type it must convert to, as a setter declares it
   * @throws IllegalArgumentException naming the key and the value
   */
  public static void check(String key, Object value, Type type) {
    if (type == boolean.class || type == Boolean.class) {
      require(value instanceof Boolean, key, value, "a boolean");
    } else if (type == int.class || type == Integer.class) {
      whole(key, value, Integer.MIN_VALUE, Integer.MAX_VALUE);
    } else if (type == long.class || type == Long.class) {
      whole(key, value, Long.MIN_VALUE, Long.MAX_VALUE);
    } else if (type == double.class || type == Double.class) {
      require(value instanceof Number, key, value, "a number");
    } else if (type == String.class) {
      require(value instanceof String, key, value, "a string");
    } else if (type instanceof Class<?> && ((Class<?>) type).isEnum()) {
      Object[] constants = ((Class<?>) type).getEnumConstants();
      boolean known = value instanceof String
          && Arrays.stream(constants).anyMatch(c -> ((Enum<?>) c).name().equals(value));
      require(known, key, value, "one of " + Arrays.stream(constants)
          .map(c -> ((Enum<?>) c).name()).collect(Collectors.joining(", ")));
    } else if (type == JsonArray.class) {
      require(value instanceof JsonArray, key, value, "an array");
    } else if (type == JsonObject.class || isDataObject(type)) {
      require(value instanceof JsonObject, key, value, "a JSON object");
    } else if (type instanceof ParameterizedType
        && Collection.class.isAssignableFrom(raw(type))) {
      check(key, value, JsonArray.class);
      Type element = ((ParameterizedType) type).getActualTypeArguments()[0];
      for (Object item : (JsonArray) value) {
        check(key, item, element);
      }
    } else if (type instanceof ParameterizedType && Map.class.isAssignableFrom(raw(type))) {
      check(key, value, JsonObject.class);
      Type valueType = ((ParameterizedType) type).getActualTypeArguments()[1];
      for (Map.Entry<String, Object> entry : (JsonObject) value) {
        check(key + "." + entry.getKey(), entry.getValue(), valueType);
      }
    }
    // Any other type has no JSON form here: the options read the key themselves, if at all.
  }

  private static Class<?> raw(Type type) {
    return (Class<?>) ((ParameterizedType) type).getRawType();
  }

  private static boolean isDataObject(Type type) {
    if (!(type instanceof Class<?>)) {
      return false;
    }
    try {
      ((Class<?>) type).getConstructor(JsonObject.class);
      return true;
    } catch (NoSuchMethodException e) {
      return false;
    }
  }

  private static void whole(String key, Object value, long min, long max) {
    require(value instanceof Number, key, value, "an integer");
    Number number = (Number) value;
    boolean inRange;
    if (number instanceof Integer || number instanceof Long || number instanceof Short
        || number instanceof Byte) {
      inRange = number.longValue() >= min && number.longValue() <= max;
    } else {
      double d = number.doubleValue();
      require(d == Math.rint(d), key, value, "an integer");
      // (double) Long.MAX_VALUE is 2^63, one more than the largest long.
      inRange = d >= min && (max == Long.MAX_VALUE ? d < 0x1p63 : d <= max);
    }
    require(inRange, key, value, "an integer from " + min + " to " + max);
  }

  private static void require(boolean ok, String key, Object value, String what) {
    if (!ok) {
      throw new IllegalArgumentException(key + " " + Json.encode(value) + " is not " + what);
    }
  }

  /**
   * client_java's properties from a JSON object of client_java property keys to values, over
   * the system properties and {@code prometheus.properties}, as client_java reads them.
   *
   * @param key the JSON key of the object, for messages
   * @param json the object, e.g. {@code {"io.prometheus.metrics.histogram_native_only": "true"}}
   * @return the properties
   * @throws IllegalArgumentException naming the key, for a key that is not a client_java
   *     property, a value that is not a string, number or boolean, or one client_java refuses
   */
  public static PrometheusProperties prometheusProperties(String key, JsonObject json) {
    Map<Object, Object> map = new HashMap<>();
    for (Map.Entry<String, Object> entry : json) {
      Object value = entry.getValue();
      if (!entry.getKey().startsWith("io.prometheus.")) {
        throw new IllegalArgumentException(key + ": '" + entry.getKey() + "' is not a "
            + "client_java property (io.prometheus.metrics.<property> or "
            + "io.prometheus.metrics.<metric>.<property>)");
      }
      if (!(value instanceof String || value instanceof Number || value instanceof Boolean)) {
        throw new IllegalArgumentException(key + ": the value of '" + entry.getKey()
            + "' must be a string, a number or a boolean, not " + value);
      }
      map.put(entry.getKey(), value.toString());
    }
    try {
      return PrometheusPropertiesLoader.load(map);
    } catch (PrometheusPropertiesException | IllegalArgumentException e) {
      throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
    }
  }
}
