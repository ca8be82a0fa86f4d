package io.lightvibes.service.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.lightvibes.service.http.Json;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The few calls the CLI makes to a running service, over the JDK's HTTP client. */
final class ServiceClient implements AutoCloseable {

    private final URI base;
    private final HttpClient http;

    ServiceClient(String baseUrl) {
        this.base = URI.create(baseUrl.endsWith("/") ? baseUrl : baseUrl + "/");
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** An answer: its status and parsed JSON body (a problem document for errors). */
    record Answer(int status, JsonNode body) {
    }

    Answer post(String path, String json) {
        return send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    Answer get(String path) {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET());
    }

    private Answer send(HttpRequest.Builder request) {
        try {
            HttpResponse<byte[]> response = http.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            byte[] body = response.body();
            return new Answer(response.statusCode(), body.length == 0 ? Json.mapper().nullNode()
                    : Json.mapper().readTree(body));
        } catch (ConnectException e) {
            throw new IllegalStateException("cannot reach LIGHTVIBES at " + base + " (is `lightvibes serve` running?)");
        } catch (IOException e) {
            throw new IllegalStateException("talking to LIGHTVIBES at " + base + " failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while talking to " + base);
        }
    }

    @Override
    public void close() {
        http.close();
    }
}
