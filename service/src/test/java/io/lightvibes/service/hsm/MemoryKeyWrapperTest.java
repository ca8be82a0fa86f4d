package io.lightvibes.service.hsm;

/** The in-memory wrapper: AES-256-GCM under a key drawn at start. */
class MemoryKeyWrapperTest extends KeyWrapperContract {

    private final KeyWrapper wrapper = AesGcmKeyWrapper.inMemory(RANDOM);
    private final KeyWrapper other = AesGcmKeyWrapper.inMemory(RANDOM);

    @Override
    KeyWrapper wrapper() {
        return wrapper;
    }

    @Override
    KeyWrapper otherWrapper() {
        return other;
    }
}
