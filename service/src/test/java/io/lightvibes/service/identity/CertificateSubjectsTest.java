package io.lightvibes.service.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Subjects an operator types and subjects certificates carry meet in one canonical form. */
class CertificateSubjectsTest {

    @Test
    void spacingAndCaseDoNotMatterButOrderDoes() {
        String registered = CertificateSubjects.canonical("CN=Node-A, O=Example Corp");
        assertThat(CertificateSubjects.canonical("cn=node-a,o=example  corp")).isEqualTo(registered);
        assertThat(CertificateSubjects.canonical("O=Example Corp, CN=Node-A")).isNotEqualTo(registered);
    }

    @Test
    void aCertificatesSubjectIsCanonicalToo() {
        var ca = TestPki.ca("CN=Subjects CA");
        var client = TestPki.client(ca, "CN=node-a,OU=Keys,O=Example");
        assertThat(CertificateSubjects.of(client.certificate()))
                .isEqualTo(CertificateSubjects.canonical("CN=node-a, OU=Keys, O=Example"));
    }

    @Test
    void openSslSlashFormIsRefusedWithTheCommandThatPrintsTheRightOne() {
        assertThatThrownBy(() -> CertificateSubjects.canonical("/CN=node-a/O=Example"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("RFC2253");
    }

    @Test
    void textThatIsNoDistinguishedNameIsRefused() {
        assertThatThrownBy(() -> CertificateSubjects.canonical("node-a")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a distinguished name");
        assertThatThrownBy(() -> CertificateSubjects.canonical("  ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("empty");
    }
}
