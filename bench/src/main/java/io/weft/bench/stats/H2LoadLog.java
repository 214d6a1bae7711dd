package io.weft.bench.stats;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.weft.bench.Args;

/**
 * Reads {@code h2load --log-file} output (start time us, HTTP status, duration us; tab separated) and prints
 * one line: {@code count=.. errors=.. p50=.. p90=.. p99=.. p999=.. max=..} (us), optionally writing the
 * percentile distribution for the chart. Any status outside 2xx counts as an error.
 */
public final class H2LoadLog {

    public static void run(Args args) throws IOException {
        final Latencies latencies = new Latencies();
        long errors = 0;
        for (String file : args.positional()) {
            try (BufferedReader in = Files.newBufferedReader(Path.of(file))) {
                String line;
                while ((line = in.readLine()) != null) {
                    final String[] parts = line.trim().split("\\s+");
                    if (parts.length < 3) {
                        continue;
                    }
                    final int status = Integer.parseInt(parts[1]);
                    if (status < 200 || status > 299) {
                        errors++;
                        continue;
                    }
                    latencies.record(Long.parseLong(parts[2]));
                }
            }
        }
        final String dist = args.string("dist", "");
        if (!dist.isEmpty()) {
            latencies.writeDistribution(Path.of(dist));
        }
        System.out.println(latencies.summary() + " errors=" + errors);
    }

    private H2LoadLog() {}
}
