package io.tandem.sync.nft;

import io.tandem.sync.model.AddressFamily;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Runs the {@code nft} binary. {@code argvPrefix} is how to invoke it, e.g. {@code [nft]}, or
 * {@code [ip, netns, exec, NS, nft]} to act in another network namespace. Each call is bounded in
 * time; a hung nft is killed and reported as a failure.
 */
public final class ProcessNftRunner implements NftRunner {
  private final List<String> argvPrefix;
  private final Duration timeout;

  public ProcessNftRunner(List<String> argvPrefix, Duration timeout) {
    if (argvPrefix.isEmpty()) {
      throw new IllegalArgumentException("nft command must not be empty");
    }
    this.argvPrefix = List.copyOf(argvPrefix);
    this.timeout = timeout;
  }

  public ProcessNftRunner() {
    this(List.of("nft"), Duration.ofSeconds(30));
  }

  @Override
  public void runTransaction(String script) throws NftException {
    Result r = run(List.of("-f", "-"), script);
    if (r.exit != 0) {
      throw new NftException("nft -f - failed (exit " + r.exit + "): " + r.output.strip());
    }
  }

  @Override
  public String listTable(AddressFamily family) throws NftException {
    Result r = run(List.of("list", "table", NftScript.family(family), NftScript.TABLE), null);
    if (r.exit == 0) {
      return r.output;
    }
    if (r.output.contains("No such file or directory")) {
      return "";
    }
    throw new NftException("nft list table failed (exit " + r.exit + "): " + r.output.strip());
  }

  private record Result(int exit, String output) {}

  private Result run(List<String> args, String stdin) throws NftException {
    List<String> argv = new ArrayList<>(argvPrefix);
    argv.addAll(args);
    Process p;
    try {
      p = new ProcessBuilder(argv).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new NftException("cannot start " + argvPrefix.get(0) + ": " + e.getMessage(), e);
    }
    try {
      CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
      try (OutputStream in = p.getOutputStream()) {
        if (stdin != null) {
          in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
      }
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        throw new NftException("nft did not finish within " + timeout.toMillis() + " ms");
      }
      return new Result(p.exitValue(), new String(out.get(timeout.toMillis(), TimeUnit.MILLISECONDS), StandardCharsets.UTF_8));
    } catch (IOException | ExecutionException | java.util.concurrent.TimeoutException e) {
      p.destroyForcibly();
      throw new NftException("talking to nft failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new NftException("interrupted while running nft", e);
    }
  }

  private static byte[] readAll(InputStream in) {
    try {
      return in.readAllBytes();
    } catch (IOException e) {
      return ("(reading nft output failed: " + e.getMessage() + ")").getBytes(StandardCharsets.UTF_8);
    }
  }
}
