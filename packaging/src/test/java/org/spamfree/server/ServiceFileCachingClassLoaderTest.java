package org.spamfree.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceFileCachingClassLoaderTest {

  private static final String SERVICE_FILE = "META-INF/services/" + Runnable.class.getName();

  /** A provider that the service file below names. */
  public static final class ListedRunnable implements Runnable {
    @Override
    public void run() {}
  }

  /** Counts the lookups that reach the class path. */
  private static final class CountingLoader extends URLClassLoader {
    final List<String> lookups = Collections.synchronizedList(new ArrayList<>());

    CountingLoader(URL[] urls, ClassLoader parent) {
      super(urls, parent);
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
      lookups.add(name);
      return super.getResources(name);
    }
  }

  @TempDir Path classPath;

  private CountingLoader classPathWithServiceFile() throws IOException {
    Path serviceFile = classPath.resolve(SERVICE_FILE);
    Files.createDirectories(serviceFile.getParent());
    Files.writeString(serviceFile, ListedRunnable.class.getName() + "\n", StandardCharsets.UTF_8);
    Files.writeString(classPath.resolve("other.txt"), "not a service file", StandardCharsets.UTF_8);
    return new CountingLoader(
        new URL[] {classPath.toUri().toURL()},
        ServiceFileCachingClassLoaderTest.class.getClassLoader());
  }

  @Test
  void cachesServiceFileLookups() throws IOException {
    CountingLoader parent = classPathWithServiceFile();
    ServiceFileCachingClassLoader loader = new ServiceFileCachingClassLoader(parent);

    List<URL> first = Collections.list(loader.getResources(SERVICE_FILE));
    List<URL> second = Collections.list(loader.getResources(SERVICE_FILE));

    assertThat(first)
        .containsExactlyElementsOf(Collections.list(parent.getResources(SERVICE_FILE)));
    String classPathUrl = classPath.toUri().toURL().toString();
    assertThat(first).anyMatch(url -> url.toString().startsWith(classPathUrl));
    assertThat(second).isEqualTo(first);
    // Two lookups through the caching loader and one made by this test directly.
    assertThat(parent.lookups).containsExactly(SERVICE_FILE, SERVICE_FILE);
  }

  @Test
  void searchesOtherResourcesEachTime() throws IOException {
    CountingLoader parent = classPathWithServiceFile();
    ServiceFileCachingClassLoader loader = new ServiceFileCachingClassLoader(parent);

    assertThat(Collections.list(loader.getResources("other.txt"))).hasSize(1);
    assertThat(Collections.list(loader.getResources("other.txt"))).hasSize(1);
    assertThat(loader.getResource("other.txt")).isEqualTo(parent.getResource("other.txt"));

    assertThat(parent.lookups).containsExactly("other.txt", "other.txt");
  }

  @Test
  void serviceLoaderUsesParentClasses() throws IOException {
    CountingLoader parent = classPathWithServiceFile();
    ServiceFileCachingClassLoader loader = new ServiceFileCachingClassLoader(parent);
    AtomicInteger found = new AtomicInteger();

    for (int round = 0; round < 3; round++) {
      for (Runnable provider : ServiceLoader.load(Runnable.class, loader)) {
        assertThat(provider.getClass()).isSameAs(ListedRunnable.class);
        found.incrementAndGet();
      }
    }

    assertThat(found).hasValue(3);
    assertThat(parent.lookups).containsExactly(SERVICE_FILE);
  }
}
