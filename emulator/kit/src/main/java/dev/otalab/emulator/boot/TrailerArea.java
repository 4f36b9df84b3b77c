package dev.otalab.emulator.boot;

/** The areas that carry an MCUboot trailer: the two slots and the scratch. */
public enum TrailerArea { PRIMARY, SECONDARY, SCRATCH }
