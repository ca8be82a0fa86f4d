package io.lightvibes.service.hsm;

import io.lightvibes.service.config.ConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Finds the slot of the token with a given label. SunPKCS11 is configured by slot id or slot list
 * index only, and SoftHSM2 (like many HSMs) gives each token a slot id derived from its serial, so
 * the label is resolved here: the module's {@code C_GetSlotList} and {@code C_GetTokenInfo}
 * (PKCS#11 v2.40 §5.5) through the FFM API, before SunPKCS11 opens the slot.
 *
 * <p>The module is initialised for the look-up and finalised after it, unless it was already
 * initialised in this process (a SunPKCS11 provider opened earlier is using it: finalising would
 * pull the module from under it). Linux and other LP64 platforms only, where {@code CK_ULONG} is
 * 64 bits.
 */
final class Pkcs11Slots {

    private static final long CKR_OK = 0;
    private static final long CKR_BUFFER_TOO_SMALL = 0x150;
    private static final long CKR_CRYPTOKI_ALREADY_INITIALIZED = 0x191;
    /** Offsets in CK_FUNCTION_LIST (§5.15): a CK_VERSION, padded to a pointer, then the functions in order. */
    private static final int C_INITIALIZE = 0;
    private static final int C_FINALIZE = 1;
    private static final int C_GET_SLOT_LIST = 4;
    private static final int C_GET_TOKEN_INFO = 6;
    private static final int FUNCTIONS_READ = 7;
    /** CK_TOKEN_INFO starts with the 32-byte blank-padded label; the whole struct is 208 bytes on LP64. */
    private static final int LABEL_BYTES = 32;
    private static final int TOKEN_INFO_BYTES = 512;
    private static final int MAX_SLOTS = 4096;
    /** A shared library on Linux is an ELF file; anything else is refused before the dynamic loader sees it. */
    private static final byte[] ELF_MAGIC = {0x7f, 'E', 'L', 'F'};

    private static final Linker LINKER = Linker.nativeLinker();
    private static final FunctionDescriptor RV_OF_POINTER =
            FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.ADDRESS);
    private static final FunctionDescriptor GET_SLOT_LIST =
            FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_BYTE, ValueLayout.ADDRESS, ValueLayout.ADDRESS);
    private static final FunctionDescriptor GET_TOKEN_INFO =
            FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.ADDRESS);

    private Pkcs11Slots() {
    }

    /** The id of the one slot whose token is labelled {@code label}; a {@link ConfigException} naming what is wrong otherwise. */
    static long slotOf(Path module, String label) {
        checkModuleFile(module);
        if (LINKER.canonicalLayouts().get("long").byteSize() != Long.BYTES) {
            throw new ConfigException("LIGHTVIBES_PKCS11_MODULE: PKCS#11 tokens are supported on LP64 platforms "
                    + "(Linux) only");
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment functions = functionList(module, arena);
            MethodHandle initialize = function(functions, C_INITIALIZE, RV_OF_POINTER);
            long initialized = (long) initialize.invokeExact(MemorySegment.NULL);
            if (initialized != CKR_OK && initialized != CKR_CRYPTOKI_ALREADY_INITIALIZED) {
                throw new ConfigException(String.format(Locale.ROOT,
                        "LIGHTVIBES_PKCS11_MODULE: %s failed to initialise (C_Initialize returned 0x%x)", module,
                        initialized));
            }
            try {
                return pick(module, label, tokens(functions, arena, module));
            } finally {
                if (initialized == CKR_OK) {
                    // Its return code changes nothing: the look-up is done, SunPKCS11 initialises afresh.
                    long finalized = (long) function(functions, C_FINALIZE, RV_OF_POINTER)
                            .invokeExact(MemorySegment.NULL);
                }
            }
        } catch (ConfigException | Error e) {
            throw e;
        } catch (IllegalCallerException e) {
            throw new ConfigException("LIGHTVIBES_KEY_BACKEND=pkcs11 needs native access to find the token by "
                    + "label: run java with --enable-native-access=ALL-UNNAMED");
        } catch (Throwable e) {
            throw new ConfigException(String.format(Locale.ROOT,
                    "LIGHTVIBES_PKCS11_MODULE: %s could not list its tokens (%s)", module, e.getClass().getSimpleName()));
        }
    }

    private record Token(long slot, String label) {
    }

    private static void checkModuleFile(Path module) {
        if (!Files.isRegularFile(module)) {
            throw new ConfigException("LIGHTVIBES_PKCS11_MODULE: " + module + " does not exist (SoftHSM2's module is "
                    + "/usr/lib/softhsm/libsofthsm2.so, Debian package softhsm2)");
        }
        byte[] magic = new byte[ELF_MAGIC.length];
        try (InputStream in = Files.newInputStream(module)) {
            if (in.readNBytes(magic, 0, magic.length) != magic.length || !Arrays.equals(magic, ELF_MAGIC)) {
                throw new ConfigException("LIGHTVIBES_PKCS11_MODULE: " + module + " is not a shared library");
            }
        } catch (IOException e) {
            throw new ConfigException("LIGHTVIBES_PKCS11_MODULE: " + module + " is not readable by this user");
        }
    }

    private static MemorySegment functionList(Path module, Arena arena) throws Throwable {
        SymbolLookup library;
        try {
            library = SymbolLookup.libraryLookup(module, arena);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("LIGHTVIBES_PKCS11_MODULE: " + module + " cannot be loaded as a shared library");
        }
        MemorySegment getFunctionList = library.find("C_GetFunctionList").orElseThrow(() -> new ConfigException(
                "LIGHTVIBES_PKCS11_MODULE: " + module + " is not a PKCS#11 module (it has no C_GetFunctionList)"));
        MemorySegment holder = arena.allocate(ValueLayout.ADDRESS);
        long rv = (long) LINKER.downcallHandle(getFunctionList, RV_OF_POINTER).invokeExact(holder);
        MemorySegment list = holder.get(ValueLayout.ADDRESS, 0);
        if (rv != CKR_OK || list.equals(MemorySegment.NULL)) {
            throw new ConfigException(String.format(Locale.ROOT,
                    "LIGHTVIBES_PKCS11_MODULE: %s gave no function list (C_GetFunctionList returned 0x%x)", module, rv));
        }
        return list.reinterpret(ValueLayout.ADDRESS.byteSize() * (1 + FUNCTIONS_READ));
    }

    private static MethodHandle function(MemorySegment functions, int index, FunctionDescriptor descriptor) {
        long offset = ValueLayout.ADDRESS.byteSize() * (1 + index);
        return LINKER.downcallHandle(functions.get(ValueLayout.ADDRESS, offset), descriptor);
    }

    private static List<Token> tokens(MemorySegment functions, Arena arena, Path module) throws Throwable {
        MethodHandle getSlotList = function(functions, C_GET_SLOT_LIST, GET_SLOT_LIST);
        MethodHandle getTokenInfo = function(functions, C_GET_TOKEN_INFO, GET_TOKEN_INFO);
        MemorySegment count = arena.allocate(ValueLayout.JAVA_LONG);
        MemorySegment slots = MemorySegment.NULL;
        long rv;
        for (int attempt = 0; ; attempt++) {
            rv = (long) getSlotList.invokeExact((byte) 1, MemorySegment.NULL, count);
            if (rv != CKR_OK) {
                break;
            }
            long wanted = Math.min(count.get(ValueLayout.JAVA_LONG, 0), MAX_SLOTS);
            slots = arena.allocate(ValueLayout.JAVA_LONG, Math.max(1, wanted));
            count.set(ValueLayout.JAVA_LONG, 0, wanted);
            rv = (long) getSlotList.invokeExact((byte) 1, slots, count);
            // CKR_BUFFER_TOO_SMALL: a token arrived between the two calls; ask once more.
            if (rv != CKR_BUFFER_TOO_SMALL || attempt == 1) {
                break;
            }
        }
        if (rv != CKR_OK) {
            throw new ConfigException(String.format(Locale.ROOT,
                    "LIGHTVIBES_PKCS11_MODULE: %s could not list its slots (C_GetSlotList returned 0x%x)", module, rv));
        }
        List<Token> tokens = new ArrayList<>();
        MemorySegment info = arena.allocate(TOKEN_INFO_BYTES);
        for (long i = 0; i < count.get(ValueLayout.JAVA_LONG, 0); i++) {
            long slot = slots.getAtIndex(ValueLayout.JAVA_LONG, i);
            info.fill((byte) 0);
            if ((long) getTokenInfo.invokeExact(slot, info) == CKR_OK) {
                byte[] padded = info.asSlice(0, LABEL_BYTES).toArray(ValueLayout.JAVA_BYTE);
                tokens.add(new Token(slot, new String(padded, StandardCharsets.UTF_8).stripTrailing()));
            }
        }
        return tokens;
    }

    private static long pick(Path module, String label, List<Token> tokens) {
        List<Token> matching = tokens.stream().filter(token -> token.label().equals(label)).toList();
        if (matching.size() == 1) {
            return matching.getFirst().slot();
        }
        if (matching.size() > 1) {
            throw new ConfigException("LIGHTVIBES_PKCS11_TOKEN_LABEL: " + matching.size() + " tokens in " + module
                    + " are labelled '" + label + "'; give each token its own label");
        }
        List<String> labels = tokens.stream().map(Token::label).filter(name -> !name.isEmpty())
                .map(name -> "'" + name + "'").toList();
        throw new ConfigException("LIGHTVIBES_PKCS11_TOKEN_LABEL: no token labelled '" + label + "' in " + module
                + (labels.isEmpty() ? " (it has no initialised token" : " (its tokens: " + String.join(", ", labels))
                + "); create one, e.g. softhsm2-util --init-token --free --label " + label);
    }
}
