package io.lightvibes.service.sealing;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.NamedParameterSpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.PBEParameterSpec;
import org.bouncycastle.asn1.pkcs.EncryptedPrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.PBES2Parameters;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;

/** PEM files of keys that are not recipient keys, made with the JDK's own providers. Tests only. */
final class OtherKeyFiles {

    /** A private and a public key file of one other algorithm. */
    record Pair(String privatePem, String publicPem) {
    }

    private OtherKeyFiles() {
    }

    static String armour(String label, byte[] der) {
        return Pem.armour(label, der);
    }

    /** Ed25519, RSA, EC P-256, X448 and ML-KEM-768 on its own, each as PKCS#8 and SPKI PEM. */
    static Map<String, Pair> otherAlgorithms() throws Exception {
        Map<String, KeyPair> keys = new LinkedHashMap<>();
        keys.put("Ed25519", KeyPairGenerator.getInstance("Ed25519").generateKeyPair());
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(1024);
        keys.put("RSA", rsa.generateKeyPair());
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(new ECGenParameterSpec("secp256r1"));
        keys.put("EC", ec.generateKeyPair());
        keys.put("X448", KeyPairGenerator.getInstance("X448").generateKeyPair());
        KeyPairGenerator mlKem = KeyPairGenerator.getInstance("ML-KEM");
        mlKem.initialize(NamedParameterSpec.ML_KEM_768);
        keys.put("ML-KEM-768", mlKem.generateKeyPair());
        Map<String, Pair> pems = new LinkedHashMap<>();
        keys.forEach((name, pair) -> pems.put(name, new Pair(
                armour("PRIVATE KEY", pair.getPrivate().getEncoded()),
                armour("PUBLIC KEY", pair.getPublic().getEncoded()))));
        return pems;
    }

    /** {@code pkcs8} encrypted under a password with PBES2 (PKCS#5 v2.1), as an ENCRYPTED PRIVATE KEY file. */
    static String encrypted(byte[] pkcs8) throws Exception {
        String algorithm = "PBEWithHmacSHA256AndAES_256";
        PBEParameterSpec parameters = new PBEParameterSpec(new byte[16], 1000,
                new IvParameterSpec(new byte[16]));
        Cipher cipher = Cipher.getInstance(algorithm);
        cipher.init(Cipher.ENCRYPT_MODE,
                SecretKeyFactory.getInstance(algorithm).generateSecret(new PBEKeySpec("secret".toCharArray())),
                parameters);
        byte[] ciphertext = cipher.doFinal(pkcs8);
        AlgorithmIdentifier pbes2 = new AlgorithmIdentifier(PKCSObjectIdentifiers.id_PBES2,
                PBES2Parameters.getInstance(cipher.getParameters().getEncoded()));
        return armour("ENCRYPTED PRIVATE KEY", new EncryptedPrivateKeyInfo(pbes2, ciphertext).getEncoded());
    }

    static byte[] bodyOf(String pem) {
        String[] lines = pem.strip().split("\n");
        return Base64.getMimeDecoder().decode(String.join("", Arrays.copyOfRange(lines, 1, lines.length - 1)));
    }
}
