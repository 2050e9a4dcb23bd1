package org.spamfree.server;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads James's WebAdmin mail repository API, where Spamfree's quarantine is listed. */
final class WebAdminClient {

  /** WebAdmin names a repository by its path, without the {@code file://} protocol. */
  static final String QUARANTINE = "var/mail/quarantine";

  private static final Pattern JSON_STRING = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private final int port;

  WebAdminClient(int port) {
    this.port = port;
  }

  /** Returns the raw content of every mail in a repository; empty when it does not exist yet. */
  List<String> repositoryMails(String repositoryPath) throws IOException, InterruptedException {
    String base =
        "http://127.0.0.1:"
            + port
            + "/mailRepositories/"
            + URLEncoder.encode(repositoryPath, StandardCharsets.UTF_8)
            + "/mails";
    HttpResponse<String> keys = get(base, "application/json");
    if (keys.statusCode() == 404) {
      return List.of();
    }
    if (keys.statusCode() != 200) {
      throw new IOException("GET " + base + " returned " + keys.statusCode() + ": " + keys.body());
    }
    List<String> mails = new ArrayList<>();
    Matcher matcher = JSON_STRING.matcher(keys.body());
    while (matcher.find()) {
      String key = matcher.group(1);
      HttpResponse<String> mail =
          get(base + "/" + URLEncoder.encode(key, StandardCharsets.UTF_8), "message/rfc822");
      if (mail.statusCode() == 200) {
        mails.add(mail.body());
      }
    }
    return mails;
  }

  /** Returns the number of mails in a James mail queue, from {@code GET /mailQueues/NAME}. */
  long queueSize(String queue) throws IOException, InterruptedException {
    String path = "/mailQueues/" + URLEncoder.encode(queue, StandardCharsets.UTF_8);
    String body = getJson(path);
    Matcher size = Pattern.compile("\"size\"\\s*:\\s*(\\d+)").matcher(body);
    if (!size.find()) {
      throw new IOException("GET " + path + " returned no size: " + body);
    }
    return Long.parseLong(size.group(1));
  }

  /** Returns the JSON list of a queue's mails, from {@code GET /mailQueues/NAME/mails}. */
  String queueMails(String queue) throws IOException, InterruptedException {
    return getJson("/mailQueues/" + URLEncoder.encode(queue, StandardCharsets.UTF_8) + "/mails");
  }

  /** Returns the body of a JSON resource of WebAdmin, or fails unless the status is 200. */
  private String getJson(String path) throws IOException, InterruptedException {
    String url = "http://127.0.0.1:" + port + path;
    HttpResponse<String> response = get(url, "application/json");
    if (response.statusCode() != 200) {
      throw new IOException(
          "GET " + url + " returned " + response.statusCode() + ": " + response.body());
    }
    return response.body();
  }

  /** Waits until a queue holds {@code expected} mails, and returns the last size seen. */
  long awaitQueueSizes(String queue, long expected, Duration timeout)
      throws IOException, InterruptedException {
    java.time.Instant deadline = java.time.Instant.now().plus(timeout);
    long size = -1;
    while (java.time.Instant.now().isBefore(deadline)) {
      size = queueSize(queue);
      if (size == expected) {
        return size;
      }
      Thread.sleep(200);
    }
    return size;
  }

  private HttpResponse<String> get(String url, String accept)
      throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url))
            .header("Accept", accept)
            .timeout(Duration.ofSeconds(30))
            .GET()
            .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }
}
