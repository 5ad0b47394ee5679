package io.github.genieenhancer.core.state;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import io.github.genieenhancer.core.GenieJson;
import io.github.genieenhancer.core.StateStoreException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * File primitives of the directory store: safe names for arbitrary ids, crash-safe writes, and reads that report a
 * bad file with its path.
 *
 * <p>A write goes to a temporary file in the target's directory, is forced to disk, then renamed over the target in
 * one atomic step, and the directory is forced so the rename itself is durable. A reader therefore sees the old
 * file or the new one, never part of one. Temporary files are named {@code .<pid>.<n>.tmp}: readers skip them, and
 * {@link #removeOrphanedTempFiles(Path)} deletes those whose process is gone.
 */
final class StateFiles {

    /** Encoded names longer than this are shortened and made unique with a hash, to stay within file name limits. */
    private static final int MAX_NAME = 120;
    private static final Pattern TEMP = Pattern.compile("\\.(\\d+)\\.(\\d+)\\.tmp");
    /** Names Windows reserves for devices, with or without an extension. */
    private static final Pattern RESERVED = Pattern.compile("(con|prn|aux|nul|com\\d|lpt\\d)(\\..*)?");
    /** Files that desktop file browsers drop into any folder they show; not ours, but not a sign of damage. */
    private static final Set<String> DESKTOP_FILES = Set.of(".DS_Store", "Thumbs.db", "desktop.ini");
    private static final HexFormat UPPER_HEX = HexFormat.of().withUpperCase();
    private static final AtomicLong TEMP_COUNTER = new AtomicLong();
    private static final long PID = ProcessHandle.current().pid();

    /** Set once the file system refuses to force a directory (e.g. Windows); then only files are forced. */
    private static volatile boolean directoryForceUnsupported;

    private StateFiles() {
    }

    /**
     * A file name for an id that is safe on every common file system and unique per id: lower-case letters, digits,
     * {@code -}, {@code _} and inner dots stay, every other byte of the UTF-8 form becomes {@code %XX} (so upper-case
     * letters never collide on case-insensitive file systems, and {@code .}, {@code ..} and Windows device names
     * such as {@code con} cannot occur). A name over {@value #MAX_NAME} characters keeps its
     * start and ends with {@code ~} and a SHA-256 prefix of the id.
     */
    static String encode(String id) {
        byte[] utf8 = id.getBytes(StandardCharsets.UTF_8);
        StringBuilder sb = new StringBuilder(utf8.length + 8);
        boolean reserved = RESERVED.matcher(id).matches();
        for (int i = 0; i < utf8.length; i++) {
            int b = utf8[i] & 0xff;
            boolean inner = i > 0 && i < utf8.length - 1;
            boolean plain = (b >= 'a' && b <= 'z') || (b >= '0' && b <= '9') || b == '-' || b == '_'
                    || (b == '.' && inner);
            if (plain && !(i == 0 && reserved)) {
                sb.append((char) b);
            } else {
                sb.append('%').append(UPPER_HEX.toHexDigits(utf8[i]));
            }
        }
        if (sb.length() <= MAX_NAME) {
            return sb.toString();
        }
        int cut = MAX_NAME - 33;
        // Never cut a %XX escape in half.
        int escape = sb.lastIndexOf("%", cut - 1);
        if (escape > cut - 3) {
            cut = escape;
        }
        return sb.substring(0, cut) + "~" + HexFormat.of().formatHex(sha256(utf8), 0, 16);
    }

    /** Whether a directory entry is a temporary file of an unfinished write (skipped by readers). */
    static boolean isTemp(String name) {
        return TEMP.matcher(name).matches();
    }

    /** Whether a directory entry is a desktop file browser's metadata, tolerated anywhere. */
    static boolean isDesktopFile(String name) {
        return DESKTOP_FILES.contains(name);
    }

    /** Creates a directory and its missing parents, forcing each parent so the new entries survive a crash. */
    static void ensureDirectory(Path dir) {
        if (Files.isDirectory(dir)) {
            return;
        }
        Path parent = dir.getParent();
        if (parent != null) {
            ensureDirectory(parent);
        }
        try {
            Files.createDirectory(dir);
            if (parent != null) {
                forceDirectory(parent);
            }
        } catch (FileAlreadyExistsException e) {
            if (!Files.isDirectory(dir)) {
                throw new StateStoreException("Expected a directory but found a file: " + dir, e);
            }
        } catch (IOException e) {
            throw new StateStoreException("Cannot create directory " + dir + ": " + e, e);
        }
    }

    /** Writes a value as JSON to {@code target}, replacing it atomically. */
    static void write(Path target, Object value) {
        Path temp = prepare(target, value);
        try {
            publish(temp, target);
            makeDurable(target);
        } finally {
            discard(temp);
        }
    }

    /**
     * Writes a value as JSON to {@code target} unless the target exists, atomically even against other processes
     * (see {@link #publishNew}).
     *
     * @return whether the file was created; false when the target already existed
     */
    static boolean writeNew(Path target, Object value) {
        Path temp = prepare(target, value);
        try {
            boolean created = publishNew(temp, target);
            if (created) {
                makeDurable(target);
            }
            return created;
        } finally {
            discard(temp);
        }
    }

    /**
     * The first step of a write: the value as JSON in a temporary file beside {@code target}, forced to disk. Then
     * {@link #publish} or {@link #publishNew} it, {@link #makeDurable} the result, and {@link #discard} the
     * temporary file. Split so that the directory store can publish under a lock without holding it while it
     * forces data to disk.
     */
    static Path prepare(Path target, Object value) {
        return writeTemp(target, value);
    }

    /** Renames a prepared file over {@code target} in one atomic step: readers see the old file or the new one. */
    static void publish(Path temp, Path target) {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new StateStoreException("The file system of " + target.getParent()
                    + " cannot rename atomically, so it cannot hold a crash-safe state store", e);
        } catch (IOException e) {
            throw new StateStoreException("Cannot write " + target + ": " + e, e);
        }
    }

    /**
     * Publishes a prepared file under {@code target} unless the name is taken: the file is hard-linked to the
     * target name, which fails when the name exists, so this is atomic even against other processes. File systems
     * without hard links fall back to a check followed by a rename, atomic only within this process's locks.
     *
     * @return whether the file was created; false when the target already existed
     */
    static boolean publishNew(Path temp, Path target) {
        try {
            try {
                Files.createLink(target, temp);
            } catch (FileAlreadyExistsException e) {
                return false;
            } catch (UnsupportedOperationException | FileSystemException e) {
                if (Files.exists(target)) {
                    return false;
                }
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            }
            return true;
        } catch (IOException e) {
            throw new StateStoreException("Cannot write " + target + ": " + e, e);
        }
    }

    /** Forces the directory holding a published file, so its new name survives a crash. */
    static void makeDurable(Path target) {
        try {
            forceDirectory(target.getParent());
        } catch (IOException e) {
            throw new StateStoreException("Cannot write " + target + ": " + e, e);
        }
    }

    /** Removes a prepared file that was not renamed (after a link, a failure, or a name already taken). */
    static void discard(Path temp) {
        deleteQuietly(temp);
    }

    /**
     * Reads a JSON file.
     *
     * @throws StateStoreException naming the file when it cannot be read or is not a valid document of the type
     */
    static <T> T read(Path file, JavaType type) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new StateStoreException("Cannot read state file " + file + ": " + e, e);
        }
        if (bytes.length == 0) {
            throw new StateStoreException("Corrupt state file " + file + ": the file is empty");
        }
        try {
            // Parsing the bytes (not a decoded String) makes malformed UTF-8 an error instead of a silent U+FFFD.
            return GenieJson.mapper().readValue(bytes, type);
        } catch (JsonProcessingException e) {
            // The format error starts with the path and adds line, field and what was expected there.
            JavaType stored = type.containedTypeCount() > 0 ? type.containedType(0) : type;
            throw new StateStoreException("Corrupt state file "
                    + GenieJson.formatError(file.toString(), stored.getRawClass().getSimpleName(), e).getMessage(), e);
        } catch (IOException e) {
            throw new StateStoreException("Cannot read state file " + file + ": " + e, e);
        }
    }

    /**
     * Deletes the temporary files under {@code root} left by processes that no longer run (a crash between writing
     * and renaming). Files of live processes are left alone: they may be mid-write.
     *
     * @return how many files were deleted
     */
    static int removeOrphanedTempFiles(Path root) {
        int[] removed = {0};
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Matcher m = TEMP.matcher(file.getFileName().toString());
                    if (m.matches() && !isAlive(Long.parseLong(m.group(1))) && Files.deleteIfExists(file)) {
                        removed[0]++;
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                    // A live writer's temporary file may vanish between listing and visiting.
                    if (e instanceof NoSuchFileException) {
                        return FileVisitResult.CONTINUE;
                    }
                    throw e;
                }
            });
        } catch (IOException e) {
            throw new StateStoreException("Cannot scan state directory " + root + ": " + e, e);
        }
        return removed[0];
    }

    /**
     * Renames a directory in one atomic step, so the old name and everything under it vanish at once, and forces
     * the parent so the rename survives a crash.
     */
    static void moveDirectory(Path dir, Path target) {
        try {
            Files.move(dir, target, StandardCopyOption.ATOMIC_MOVE);
            forceDirectory(target.getParent());
        } catch (IOException e) {
            throw new StateStoreException("Cannot move " + dir + " to " + target + ": " + e, e);
        }
    }

    /** Deletes a directory with everything in it; a missing one is already deleted. */
    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                    if (e instanceof NoSuchFileException) {
                        return FileVisitResult.CONTINUE; // another process deletes the same tree
                    }
                    throw e;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path visited, IOException e) throws IOException {
                    if (e != null) {
                        throw e;
                    }
                    Files.deleteIfExists(visited);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new StateStoreException("Cannot delete " + dir + ": " + e, e);
        }
    }

    /** Forces a directory's entries to disk, where the platform allows opening a directory (not on Windows). */
    static void forceDirectory(Path dir) throws IOException {
        if (directoryForceUnsupported) {
            return;
        }
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            if (!Files.isDirectory(dir)) {
                throw e;
            }
            directoryForceUnsupported = true;
        }
    }

    private static Path writeTemp(Path target, Object value) {
        byte[] bytes = (GenieJson.write(value) + "\n").getBytes(StandardCharsets.UTF_8);
        Path dir = target.getParent();
        while (true) {
            Path temp = dir.resolve("." + PID + "." + TEMP_COUNTER.incrementAndGet() + ".tmp");
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
                return temp;
            } catch (FileAlreadyExistsException e) {
                // Left by an earlier process that had our pid; take the next number.
            } catch (IOException e) {
                deleteQuietly(temp);
                throw new StateStoreException("Cannot write " + target + ": " + e, e);
            }
        }
    }

    private static boolean isAlive(long pid) {
        return pid == PID || ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private static void deleteQuietly(Path temp) {
        try {
            Files.deleteIfExists(temp);
        } catch (IOException e) {
            // Harmless: readers skip temporary files and the next open removes it.
        }
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java platform provides SHA-256", e);
        }
    }
}
