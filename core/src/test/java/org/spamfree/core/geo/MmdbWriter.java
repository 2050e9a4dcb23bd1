package org.spamfree.core.geo;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.spamfree.core.config.CidrRange;

/**
 * Writes small MaxMind DB files (format version 2.0) for tests: an IPv6 tree with 24-bit records,
 * IPv4 networks stored under {@code ::/96} as the reader expects. Values may be {@code String},
 * {@code Long} (written as uint32), {@code Map<String, ?>} and {@code List<?>}.
 *
 * <p>Only for test data: it writes networks in insertion order, so a later, more specific network
 * must not be inserted before a wider one that contains it.
 */
public final class MmdbWriter {

  private static final byte[] METADATA_MARKER = {
    (byte) 0xAB, (byte) 0xCD, (byte) 0xEF, 'M', 'a', 'x', 'M', 'i', 'n', 'd', '.', 'c', 'o', 'm'
  };

  private static final class Node {
    Object[] children = new Object[2];
  }

  private record Data(Map<String, ?> value) {}

  private final Node root = new Node();
  private final String databaseType;
  private long buildEpoch = 1_700_000_000L;

  public MmdbWriter(String databaseType) {
    this.databaseType = databaseType;
  }

  /** Sets the build time written into the metadata, in seconds since the epoch. */
  public MmdbWriter buildEpoch(long seconds) {
    this.buildEpoch = seconds;
    return this;
  }

  /** Maps a network such as {@code 192.0.2.0/24} or {@code 2001:db8::/32} to a record. */
  public MmdbWriter insert(String network, Map<String, ?> record) {
    CidrRange range = CidrRange.parse(network);
    byte[] address = range.network().getAddress();
    int prefix = range.prefixLength();
    if (range.network() instanceof Inet4Address) {
      byte[] mapped = new byte[16];
      System.arraycopy(address, 0, mapped, 12, 4);
      address = mapped;
      prefix += 96;
    }
    Node node = root;
    for (int bit = 0; bit < prefix - 1; bit++) {
      int side = bit(address, bit);
      if (!(node.children[side] instanceof Node)) {
        Node child = new Node();
        if (node.children[side] instanceof Data data) {
          child.children[0] = data;
          child.children[1] = data;
        }
        node.children[side] = child;
      }
      node = (Node) node.children[side];
    }
    node.children[bit(address, prefix - 1)] = new Data(record);
    return this;
  }

  /** Maps each network to {@code {"country_code": CODE}}, the ip-location-db layout. */
  public static MmdbWriter countryCodes(Map<String, String> networks) {
    MmdbWriter writer = new MmdbWriter("country ipvAll");
    networks.forEach((network, code) -> writer.insert(network, Map.of("country_code", code)));
    return writer;
  }

  public void write(Path path) throws IOException {
    Files.write(path, bytes());
  }

  public byte[] bytes() throws IOException {
    List<Node> nodes = new ArrayList<>();
    Map<Node, Integer> numbers = new IdentityHashMap<>();
    collect(root, nodes, numbers);
    int nodeCount = nodes.size();

    ByteArrayOutputStream data = new ByteArrayOutputStream();
    Map<Map<String, ?>, Integer> offsets = new LinkedHashMap<>();
    ByteArrayOutputStream tree = new ByteArrayOutputStream();
    for (Node node : nodes) {
      for (Object child : node.children) {
        long record;
        if (child instanceof Node childNode) {
          record = numbers.get(childNode);
        } else if (child instanceof Data value) {
          Integer offset = offsets.get(value.value());
          if (offset == null) {
            offset = data.size();
            offsets.put(value.value(), offset);
            encode(value.value(), data);
          }
          record = nodeCount + 16L + offset;
        } else {
          record = nodeCount;
        }
        tree.write((int) (record >> 16) & 0xff);
        tree.write((int) (record >> 8) & 0xff);
        tree.write((int) record & 0xff);
      }
    }

    ByteArrayOutputStream file = new ByteArrayOutputStream();
    file.write(tree.toByteArray());
    file.write(new byte[16]);
    file.write(data.toByteArray());
    file.write(METADATA_MARKER);
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("binary_format_major_version", new Uint16(2));
    metadata.put("binary_format_minor_version", new Uint16(0));
    metadata.put("build_epoch", BigInteger.valueOf(buildEpoch));
    metadata.put("database_type", databaseType);
    metadata.put("description", Map.of("en", "Spamfree test database"));
    metadata.put("ip_version", new Uint16(6));
    metadata.put("languages", List.of("en"));
    metadata.put("node_count", (long) nodeCount);
    metadata.put("record_size", new Uint16(24));
    encode(metadata, file);
    return file.toByteArray();
  }

  private record Uint16(int value) {}

  private static void collect(Node node, List<Node> nodes, Map<Node, Integer> numbers) {
    numbers.put(node, nodes.size());
    nodes.add(node);
    for (Object child : node.children) {
      if (child instanceof Node childNode) {
        collect(childNode, nodes, numbers);
      }
    }
  }

  private static int bit(byte[] address, int index) {
    return (address[index / 8] >> (7 - index % 8)) & 1;
  }

  private static void encode(Object value, ByteArrayOutputStream out) {
    if (value instanceof String text) {
      byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
      control(2, bytes.length, out);
      out.writeBytes(bytes);
    } else if (value instanceof Uint16 number) {
      unsigned(5, BigInteger.valueOf(number.value()), out);
    } else if (value instanceof Long number) {
      unsigned(6, BigInteger.valueOf(number), out);
    } else if (value instanceof BigInteger number) {
      unsigned(9, number, out);
    } else if (value instanceof Map<?, ?> map) {
      control(7, map.size(), out);
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        encode(entry.getKey(), out);
        encode(entry.getValue(), out);
      }
    } else if (value instanceof List<?> list) {
      control(11, list.size(), out);
      list.forEach(item -> encode(item, out));
    } else {
      throw new IllegalArgumentException("Cannot encode " + value);
    }
  }

  private static void unsigned(int type, BigInteger number, ByteArrayOutputStream out) {
    byte[] bytes = number.signum() == 0 ? new byte[0] : number.toByteArray();
    int start = bytes.length > 0 && bytes[0] == 0 ? 1 : 0;
    control(type, bytes.length - start, out);
    out.write(bytes, start, bytes.length - start);
  }

  /** Writes a control byte with the type and size (MaxMind DB spec, "Data Field Format"). */
  private static void control(int type, int size, ByteArrayOutputStream out) {
    int typeBits = type <= 7 ? type : 0;
    int sizeBits;
    byte[] extra;
    if (size < 29) {
      sizeBits = size;
      extra = new byte[0];
    } else if (size < 285) {
      sizeBits = 29;
      extra = new byte[] {(byte) (size - 29)};
    } else {
      sizeBits = 30;
      int rest = size - 285;
      extra = new byte[] {(byte) (rest >> 8), (byte) rest};
    }
    out.write((typeBits << 5) | sizeBits);
    if (type > 7) {
      out.write(type - 7);
    }
    out.writeBytes(extra);
  }

  /** Returns the address of a network's first host, for tests that look up inside it. */
  public static InetAddress firstAddress(String network) {
    return CidrRange.parse(network).network();
  }
}
