package io.weft.devmesh.launcher;

/** A child process for the supervisor tests: prints a line, then waits to be stopped. */
public final class SleepForever {

    public static void main(String[] args) throws InterruptedException {
        System.out.println("sleeping " + String.join(" ", args));
        System.out.flush();
        Thread.currentThread().join();
    }

    private SleepForever() {}
}
