package org.spamfree.server;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.mailet.AttributeValue;

/**
 * Writes mail attribute values in a compact binary form, and reads them back with the same type.
 *
 * <p>Strings, booleans, integers, longs, floats, doubles, and collections and maps of those are
 * written as a type byte and the value, which costs a fraction of James's JSON form. Any other
 * value, or one whose serializer differs from the one {@link AttributeValue#ofAny} would pick for
 * it, is written as its JSON text, as James's own queues do. A value without a JSON form is not
 * written at all.
 */
final class AttributeValueCodec {

  private static final byte STRING = 1;
  private static final byte BOOLEAN = 2;
  private static final byte INTEGER = 3;
  private static final byte LONG = 4;
  private static final byte FLOAT = 5;
  private static final byte DOUBLE = 6;
  private static final byte COLLECTION = 7;
  private static final byte MAP = 8;
  private static final byte JSON = 9;

  /** Depth of nested collections and maps written in binary form; deeper ones go as JSON. */
  private static final int MAX_DEPTH = 8;

  private AttributeValueCodec() {}

  /**
   * Writes an attribute's name and value and returns true, or returns false without writing when
   * the value has no JSON form.
   */
  static boolean write(DataOutputStream out, String name, AttributeValue<?> value)
      throws IOException {
    if (binary(value, 0)) {
      writeText(out, name);
      writeBinary(out, value.value());
      return true;
    }
    Optional<JsonNode> json = value.toJson();
    if (json.isEmpty()) {
      return false;
    }
    writeText(out, name);
    out.writeByte(JSON);
    writeText(out, json.get().toString());
    return true;
  }

  static AttributeValue<?> read(DataInputStream in) throws IOException {
    byte type = in.readByte();
    if (type == JSON) {
      return AttributeValue.fromJsonString(readText(in));
    }
    return AttributeValue.ofAny(readBinary(in, type, 0));
  }

  /** Returns whether the value and everything in it round-trip through the binary form. */
  private static boolean binary(AttributeValue<?> value, int depth) {
    Object raw = value.value();
    if (raw instanceof Collection<?> collection) {
      if (depth >= MAX_DEPTH) {
        return false;
      }
      for (Object element : collection) {
        if (!(element instanceof AttributeValue<?> inner) || !binary(inner, depth + 1)) {
          return false;
        }
      }
    } else if (raw instanceof Map<?, ?> map) {
      if (depth >= MAX_DEPTH) {
        return false;
      }
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        if (!(entry.getKey() instanceof String)
            || !(entry.getValue() instanceof AttributeValue<?> inner)
            || !binary(inner, depth + 1)) {
          return false;
        }
      }
    } else if (!(raw instanceof String
        || raw instanceof Boolean
        || raw instanceof Integer
        || raw instanceof Long
        || raw instanceof Float
        || raw instanceof Double)) {
      return false;
    }
    // The same raw value under another serializer (a string kept as Java-serialized, say) must
    // keep that serializer, which only the JSON form records.
    return AttributeValue.ofAny(raw).equals(value);
  }

  private static void writeBinary(DataOutputStream out, Object raw) throws IOException {
    if (raw instanceof String text) {
      out.writeByte(STRING);
      writeText(out, text);
    } else if (raw instanceof Boolean flag) {
      out.writeByte(BOOLEAN);
      out.writeBoolean(flag);
    } else if (raw instanceof Integer number) {
      out.writeByte(INTEGER);
      out.writeInt(number);
    } else if (raw instanceof Long number) {
      out.writeByte(LONG);
      out.writeLong(number);
    } else if (raw instanceof Float number) {
      out.writeByte(FLOAT);
      out.writeFloat(number);
    } else if (raw instanceof Double number) {
      out.writeByte(DOUBLE);
      out.writeDouble(number);
    } else if (raw instanceof Collection<?> collection) {
      out.writeByte(COLLECTION);
      out.writeInt(collection.size());
      for (Object element : collection) {
        writeBinary(out, ((AttributeValue<?>) element).value());
      }
    } else {
      Map<?, ?> map = (Map<?, ?>) raw;
      out.writeByte(MAP);
      out.writeInt(map.size());
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        writeText(out, (String) entry.getKey());
        writeBinary(out, ((AttributeValue<?>) entry.getValue()).value());
      }
    }
  }

  private static Object readBinary(DataInputStream in, byte type, int depth) throws IOException {
    switch (type) {
      case STRING:
        return readText(in);
      case BOOLEAN:
        return in.readBoolean();
      case INTEGER:
        return in.readInt();
      case LONG:
        return in.readLong();
      case FLOAT:
        return in.readFloat();
      case DOUBLE:
        return in.readDouble();
      case COLLECTION:
        {
          int size = count(in, depth);
          List<AttributeValue<?>> elements = new ArrayList<>(size);
          for (int i = 0; i < size; i++) {
            elements.add(AttributeValue.ofAny(readBinary(in, in.readByte(), depth + 1)));
          }
          return elements;
        }
      case MAP:
        {
          int size = count(in, depth);
          Map<String, AttributeValue<?>> entries = new LinkedHashMap<>();
          for (int i = 0; i < size; i++) {
            String key = readText(in);
            entries.put(key, AttributeValue.ofAny(readBinary(in, in.readByte(), depth + 1)));
          }
          return entries;
        }
      default:
        throw new IOException("invalid attribute value type " + type + " in a queue record");
    }
  }

  private static int count(DataInputStream in, int depth) throws IOException {
    if (depth >= MAX_DEPTH) {
      throw new IOException(
          "attribute value nested deeper than " + MAX_DEPTH + " in a queue record");
    }
    int size = in.readInt();
    if (size < 0) {
      throw new IOException("negative attribute value size " + size + " in a queue record");
    }
    return size;
  }

  private static void writeText(DataOutputStream out, String text) throws IOException {
    MailCodec.writeString(out, text);
  }

  private static String readText(DataInputStream in) throws IOException {
    String text = MailCodec.readString(in);
    if (text == null) {
      throw new IOException("missing text of an attribute in a queue record");
    }
    return text;
  }
}
