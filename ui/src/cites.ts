// The CITES document conventions the webview draws (DESIGN §5; the core's are in src/cites.rs): the fixed header lines of a resolution.

/** The Convention's name, on every CITES document's first line. */
export const CONVENTION_LINE = "CONVENTION ON INTERNATIONAL TRADE IN ENDANGERED SPECIES OF WILD FAUNA AND FLORA";

/** CITES places this line between the preamble and the operative part of a resolution. */
export const CONFERENCE_LINE = "THE CONFERENCE OF THE PARTIES TO THE CONVENTION";
