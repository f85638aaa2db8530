package dev.vigil.cli;

/** Placeholder entry point until the scan command lands in the next commit. */
public final class Main {
    public static void main(String[] args) {
        System.err.println("vigil: not built yet");
        System.exit(2);
    }
}
