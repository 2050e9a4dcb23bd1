package org.spamfree.benchmarks.geo;

import com.maxmind.db.CHMCache;
import com.maxmind.db.DatabaseRecord;
import com.maxmind.db.InvalidNetworkException;
import com.maxmind.db.Networks;
import com.maxmind.db.Reader;
import java.io.File;
import java.io.IOException;
import java.math.BigInteger;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Client addresses for the benchmark, taken from the database's own networks (one address inside
 * every 16th network, 3 of 4 from IPv4 networks), shuffled with a fixed seed so runs repeat. No
 * address is written into the code, and none is ever contacted.
 */
final class ClientAddresses {

  static final int COUNT = 16_384;
  private static final long SEED = 20_261_205L;

  private ClientAddresses() {}

  @SuppressWarnings("rawtypes")
  static InetAddress[] sample(Path database) throws IOException {
    List<InetAddress> ipv4 = new ArrayList<>();
    List<InetAddress> ipv6 = new ArrayList<>();
    Random random = new Random(SEED);
    try (Reader reader = new Reader(new File(database.toString()), new CHMCache())) {
      Networks<Map> networks = reader.networks(false, Map.class);
      int index = 0;
      while (networks.hasNext()) {
        DatabaseRecord<Map> record = networks.next();
        if (index++ % 16 != 0) {
          continue;
        }
        InetAddress address = inside(record, random);
        (address instanceof Inet4Address ? ipv4 : ipv6).add(address);
      }
    } catch (InvalidNetworkException e) {
      throw new IOException("Cannot walk the networks of " + database, e);
    }
    Collections.shuffle(ipv4, random);
    Collections.shuffle(ipv6, random);
    List<InetAddress> chosen = new ArrayList<>();
    chosen.addAll(ipv4.subList(0, Math.min(ipv4.size(), COUNT * 3 / 4)));
    chosen.addAll(ipv6.subList(0, Math.min(ipv6.size(), COUNT - chosen.size())));
    Collections.shuffle(chosen, random);
    return chosen.toArray(InetAddress[]::new);
  }

  /** Returns a random address inside the record's network. */
  @SuppressWarnings("rawtypes")
  private static InetAddress inside(DatabaseRecord<Map> record, Random random) throws IOException {
    byte[] base = record.getNetwork().getNetworkAddress().getAddress();
    int hostBits = base.length * 8 - record.getNetwork().getPrefixLength();
    BigInteger offset = new BigInteger(Math.min(hostBits, 62), random);
    byte[] sum = new BigInteger(1, base).add(offset).toByteArray();
    byte[] address = new byte[base.length];
    int copy = Math.min(sum.length, address.length);
    System.arraycopy(sum, sum.length - copy, address, address.length - copy, copy);
    return InetAddress.getByAddress(address);
  }
}
