// The call trace of an oops reads like a kernel's: every frame's address is its function's
// start plus the printed offset, each function has one address and one size in every trace,
// no two functions overlap, and fsnotify resumes after the seed's own call instructions.

#include "report/oops_report.h"
#include "scenario/scenario.h"

#include <QRegularExpression>
#include <QTest>

#include <map>

namespace racescope {

namespace {

struct PrintedFrame {
    QString name;
    uint64_t address = 0;
    uint64_t offset = 0;
    uint64_t size = 0;
};

std::unique_ptr<Machine> seedMachine()
{
    return std::make_unique<Machine>(loadScenario("seed").scenario->world);
}

// An oops of task 0 whose call stack is `sites`, innermost first.
Oops oopsIn(std::vector<uint16_t> sites)
{
    Oops oops;
    oops.kind = AccessFaultKind::NullPointer;
    oops.site = sites.front();
    oops.regs.rip = functionAddress(siteFunction(sites.front())) + 4u * siteLine(sites.front());
    oops.callSites = std::move(sites);
    return oops;
}

std::vector<PrintedFrame> callTrace(const std::string& report)
{
    const QString text = QString::fromStdString(report);
    const qsizetype begin = text.indexOf("Call Trace:\n");
    const qsizetype end = text.indexOf("\nRIP  [<");
    if (begin < 0 || end < begin)
        return {};
    static const QRegularExpression frame(R"(^ \[<([0-9a-f]{16})>\] (\w+)\+0x([0-9a-f]+)/0x([0-9a-f]+)$)");
    std::vector<PrintedFrame> frames;
    for (const QString& line : text.mid(begin, end - begin).split('\n').mid(1)) {
        const QRegularExpressionMatch m = frame.match(line);
        if (!m.hasMatch())
            return {};
        frames.push_back({m.captured(2), m.captured(1).toULongLong(nullptr, 16), m.captured(3).toULongLong(nullptr, 16),
                          m.captured(4).toULongLong(nullptr, 16)});
    }
    return frames;
}

// Call stacks from each way into the modelled code, innermost first.
std::vector<std::vector<uint16_t>> everyEntryPath()
{
    using F = FunctionId;
    return {
        {makeSite(F::fsnotify, 14), makeSite(F::vfs_unlink, 4)},
        {makeSite(F::fsnotify, 14), makeSite(F::vfs_create, 4)},
        {makeSite(F::fsnotify, 14), makeSite(F::vfs_open, 4)},
        {makeSite(F::fsnotify, 14), makeSite(F::vfs_write, 4)},
        {makeSite(F::fsnotify, 14), makeSite(F::vfs_read, 4)},
        {makeSite(F::list_del, 4), makeSite(F::inotify_read, 10)},
        {makeSite(F::list_del_rcu, 4), makeSite(F::fsnotify_put_group, 7), makeSite(F::sys_close, 6)},
        {makeSite(F::fsnotify_obtain_group, 17), makeSite(F::sys_inotify_init, 4)},
        {makeSite(F::inotify_handle_event, 6), makeSite(F::fsnotify, 23), makeSite(F::vfs_unlink, 4)},
    };
}

} // namespace

class TestOopsReport : public QObject {
    Q_OBJECT
private slots:
    void everyFrameIsItsFunctionsStartPlusItsOffset()
    {
        const auto machine = seedMachine();
        struct Placed {
            uint64_t start;
            uint64_t size;
        };
        // Every modelled kernel function (user mode aside), then whatever the traces add.
        std::map<QString, Placed> seen;
        for (size_t i = 1; i < static_cast<size_t>(FunctionId::Count); ++i) {
            const FunctionInfo& f = functionInfo(static_cast<FunctionId>(i));
            seen[QString::fromUtf8(f.name.data(), static_cast<qsizetype>(f.name.size()))] = {f.address, f.size};
        }

        std::vector<std::vector<uint16_t>> paths = everyEntryPath();
        // Every modelled function as a caller, at its last listing line: the return address
        // must still lie inside it.
        for (size_t i = 1; i < static_cast<size_t>(FunctionId::Count); ++i) {
            const auto fn = static_cast<FunctionId>(i);
            const auto lastLine = static_cast<uint8_t>(listingLines(fn).size());
            paths.push_back({makeSite(FunctionId::kmalloc, 1), makeSite(fn, lastLine)});
        }
        for (const std::vector<uint16_t>& path : paths) {
            const std::vector<PrintedFrame> frames = callTrace(formatOopsReport(*machine, oopsIn(path)));
            QVERIFY2(frames.size() >= path.size(), "a call trace with a frame for every caller and the entry code");
            QCOMPARE(frames.back().name, QString("system_call_fastpath"));
            for (const PrintedFrame& f : frames) {
                QVERIFY2(f.offset < f.size, qPrintable(f.name));
                const Placed placed{f.address - f.offset, f.size};
                const auto [it, isNew] = seen.emplace(f.name, placed);
                QVERIFY2(isNew || (it->second.start == placed.start && it->second.size == placed.size),
                         qPrintable(f.name + " printed at two different places"));
            }
        }
        for (auto a = seen.begin(); a != seen.end(); ++a) {
            for (auto b = std::next(a); b != seen.end(); ++b) {
                const bool apart = a->second.start + a->second.size <= b->second.start ||
                                   b->second.start + b->second.size <= a->second.start;
                QVERIFY2(apart, qPrintable(a->first + " overlaps " + b->first));
            }
        }
    }

    void fsnotifyResumesAfterTheSeedsCall_data()
    {
        QTest::addColumn<int>("line");
        QTest::addColumn<int>("callee");
        QTest::addColumn<QString>("frame");
        using F = FunctionId;
        // The seed's disassembly: callq srcu_read_lock at +0x77 (5 bytes), callq *(%rax) at
        // +0xb5 (2 bytes), callq *0x8(%rax) at +0xcd (3 bytes).
        QTest::newRow("srcu_read_lock") << 11 << int(F::srcu_read_lock) << "fsnotify+0x7c/0x150";
        QTest::newRow("should_send_event") << 18 << int(F::inotify_should_send_event) << "fsnotify+0xb7/0x150";
        QTest::newRow("handle_event") << 23 << int(F::inotify_handle_event) << "fsnotify+0xd0/0x150";
    }

    void fsnotifyResumesAfterTheSeedsCall()
    {
        QFETCH(int, line);
        QFETCH(int, callee);
        QFETCH(QString, frame);
        const auto machine = seedMachine();
        const Oops oops = oopsIn({makeSite(static_cast<FunctionId>(callee), 2),
                                  makeSite(FunctionId::fsnotify, static_cast<uint8_t>(line)),
                                  makeSite(FunctionId::vfs_unlink, 4)});
        const std::vector<PrintedFrame> frames = callTrace(formatOopsReport(*machine, oops));
        QVERIFY(!frames.empty());
        const PrintedFrame& f = frames.front();
        QCOMPARE(QString("%1+0x%2/0x%3").arg(f.name).arg(f.offset, 0, 16).arg(f.size, 0, 16), frame);
        QCOMPARE(f.address, functionAddress(FunctionId::fsnotify) + f.offset);
    }
};

} // namespace racescope

QTEST_GUILESS_MAIN(racescope::TestOopsReport)
#include "tst_oops_report.moc"
