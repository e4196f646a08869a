// core/ must stay free of Qt so that every front end and test can link it.

#include <QDirIterator>
#include <QFile>
#include <QRegularExpression>
#include <QTest>

class TestCorePurity : public QObject {
    Q_OBJECT
private slots:
    void coreIncludesNoQtHeader()
    {
        // (A plain string: moc's preprocessor trips over a raw string that holds "#include".)
        const QRegularExpression qtInclude("^\\s*#\\s*include\\s*[<\"]Q", QRegularExpression::MultilineOption);
        QDirIterator it(RACESCOPE_CORE_DIR, {"*.h", "*.cpp", "*.in"}, QDir::Files, QDirIterator::Subdirectories);
        int files = 0;
        while (it.hasNext()) {
            const QString path = it.next();
            QFile file(path);
            QVERIFY(file.open(QIODevice::ReadOnly));
            QVERIFY2(!qtInclude.match(QString::fromUtf8(file.readAll())).hasMatch(), qPrintable(path));
            ++files;
        }
        QVERIFY(files > 20);
    }
};

QTEST_APPLESS_MAIN(TestCorePurity)
#include "tst_core_purity.moc"
