/** Every input succeeded (an image without faces is a success). */
export const EXIT_OK = 0;
/** Some inputs failed (each is reported), or the detector could not start. */
export const EXIT_FAILED = 1;
/** The command line is wrong: unknown flag, bad value, no inputs. Nothing was processed. */
export const EXIT_USAGE = 2;
