// No API of its own: this target defines the Arb and FLINT functions the package calls, each loading Arb on
// first use (ArbLoader.c says why), so that every product linking EMLNumbers links these instead of -lflint-arb.
