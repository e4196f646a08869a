// The paint caches (paint/): a sprite lands exactly where drawing straight onto the widget
// would have put it, at any subpixel offset; it is painted once per content and position;
// a layer repaints only when its recipe changes; and a view that drew many frames from its
// caches shows the same pixels as a fresh view drawing the last frame from nothing.

#include "listview/grouplistview.h"
#include "panels/flowview.h"
#include "uifixture.h"

#include "paint/layercache.h"
#include "paint/spritecache.h"

#include <QApplication>
#include <QImage>
#include <QTest>

#include <algorithm>
#include <cstdlib>

namespace racescope::ui {

namespace {

// The largest difference of any channel of any pixel; -1 when the sizes differ.
int maxDifference(const QImage& a, const QImage& b)
{
    if (a.size() != b.size())
        return -1;
    const QImage x = a.convertToFormat(QImage::Format_ARGB32), y = b.convertToFormat(QImage::Format_ARGB32);
    int worst = 0;
    for (int r = 0; r < x.height(); ++r) {
        const auto* p = reinterpret_cast<const QRgb*>(x.constScanLine(r));
        const auto* q = reinterpret_cast<const QRgb*>(y.constScanLine(r));
        for (int c = 0; c < x.width(); ++c)
            worst = std::max({worst, std::abs(qRed(p[c]) - qRed(q[c])), std::abs(qGreen(p[c]) - qGreen(q[c])),
                              std::abs(qBlue(p[c]) - qBlue(q[c]))});
    }
    return worst;
}

QImage white(QSize size)
{
    QImage image(size, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::white);
    return image;
}

// What the list and flow views draw most: an antialiased rounded box with a cosmetic outline
// and a line of text.
void paintBox(QPainter& p, QPointF at)
{
    p.setRenderHint(QPainter::Antialiasing, true);
    QPen pen(QColor(0x50, 0x50, 0x50), 1);
    pen.setCosmetic(true);
    p.setPen(pen);
    p.setBrush(QColor(0xa8, 0xdb, 0xa5));
    p.drawRoundedRect(QRectF(at, QSizeF(90.5, 40.25)), 4, 4);
    QFont f = p.font();
    f.setPixelSize(10);
    p.setFont(f);
    p.setPen(Qt::black);
    p.drawText(QRectF(at + QPointF(4, 2), QSizeF(90, 12)), Qt::AlignLeft | Qt::AlignTop, QStringLiteral("mask 202  ref 1"));
}

} // namespace

class TestSpriteCache : public QObject {
    Q_OBJECT
private slots:
    void spriteMatchesDirectDrawing_data()
    {
        QTest::addColumn<QPointF>("at");
        QTest::newRow("whole pixels") << QPointF(10, 20);
        QTest::newRow("halves") << QPointF(10.5, 20.5);
        QTest::newRow("odd fractions") << QPointF(17.3125, 8.7);
        QTest::newRow("just below a pixel") << QPointF(30.999, 40.001);
    }
    void spriteMatchesDirectDrawing()
    {
        QFETCH(QPointF, at);
        QImage direct = white({160, 90});
        {
            QPainter p(&direct);
            paintBox(p, at);
        }
        QImage cached = white({160, 90});
        SpriteCache sprites;
        {
            QPainter p(&cached);
            sprites.beginFrame(p);
            sprites.draw(p, at, QSizeF(90.5, 40.25), QStringLiteral("box"),
                         [](QPainter& sp) { paintBox(sp, QPointF(0, 0)); });
        }
        // Blending a premultiplied sprite rounds differently by a level or two at most.
        const int difference = maxDifference(direct, cached);
        QVERIFY2(difference >= 0 && difference <= 2, qPrintable(QString::number(difference)));
    }

    void aSpriteIsPaintedOncePerContentAndOffset()
    {
        QImage target = white({300, 100});
        QPainter p(&target);
        SpriteCache sprites;
        int paints = 0;
        auto draw = [&](QPointF at, const QString& key) {
            sprites.draw(p, at, QSizeF(20, 10), key, [&](QPainter& sp) {
                ++paints;
                sp.fillRect(QRectF(0, 0, 20, 10), Qt::black);
            });
        };
        sprites.beginFrame(p);
        draw({10, 10}, QStringLiteral("a"));
        draw({10, 10}, QStringLiteral("a"));
        QCOMPARE(paints, 1);
        draw({50.25, 10}, QStringLiteral("a")); // another subpixel offset is another picture
        QCOMPARE(paints, 2);
        draw({91.25, 30}, QStringLiteral("a")); // the same offset elsewhere is a blit
        QCOMPARE(paints, 2);
        draw({10, 10}, QStringLiteral("b"));
        QCOMPARE(paints, 3);
        sprites.beginFrame(p);
        draw({10, 10}, QStringLiteral("a"));
        QCOMPARE(paints, 3);
        QCOMPARE(sprites.misses(), uint64_t(3));
        QCOMPARE(target.pixelColor(20, 15), QColor(Qt::black));
        QCOMPARE(target.pixelColor(101, 35), QColor(Qt::black));
    }

    void keysTellNumbersAndStringsApart()
    {
        // Packed without separators, "ab" + "c" and "a" + "bc" must still differ.
        QVERIFY((SpriteKey('x') << QStringLiteral("ab") << QStringLiteral("c")).text() !=
                (SpriteKey('x') << QStringLiteral("a") << QStringLiteral("bc")).text());
        QVERIFY((SpriteKey('x') << 1.0).text() != (SpriteKey('x') << 1.0000001).text());
        QVERIFY((SpriteKey('x') << 3).text() != (SpriteKey('y') << 3).text());
        QCOMPARE((SpriteKey('x') << uint64_t(7) << QStringLiteral("q 1")).text(),
                 (SpriteKey('x') << uint64_t(7) << QStringLiteral("q 1")).text());
    }

    void onlyPaintedPixelsAreBlitted()
    {
        // The sprite is larger than what it draws: the rest must leave the target alone.
        QImage target(QSize(100, 60), QImage::Format_ARGB32_Premultiplied);
        target.fill(Qt::blue);
        QPainter p(&target);
        SpriteCache sprites;
        sprites.beginFrame(p);
        sprites.draw(p, QPointF(10, 10), QSizeF(60, 30), QStringLiteral("dot"),
                     [](QPainter& sp) { sp.fillRect(QRectF(0, 0, 4, 4), Qt::red); });
        p.end();
        QCOMPARE(target.pixelColor(11, 11), QColor(Qt::red));
        QCOMPARE(target.pixelColor(30, 30), QColor(Qt::blue));
        QCOMPARE(target.pixelColor(9, 9), QColor(Qt::blue));
    }

    void layerRepaintsOnlyWhenItsRecipeChanges()
    {
        QImage target = white({80, 80});
        QPainter p(&target);
        LayerCache<std::vector<int>> layer;
        int paints = 0;
        auto draw = [&](const std::vector<int>& recipe, QSize size) {
            layer.draw(p, size, recipe, [&](QPainter& lp) {
                ++paints;
                for (int x : recipe)
                    lp.fillRect(QRect(x, 0, 1, 10), Qt::black);
            });
        };
        draw({1, 5}, {80, 80});
        draw({1, 5}, {80, 80});
        QCOMPARE(paints, 1);
        draw({1, 6}, {80, 80});
        QCOMPARE(paints, 2);
        draw({1, 6}, {70, 80});
        QCOMPARE(paints, 3);
        QCOMPARE(layer.repaints(), 3u);
        p.end();
        QCOMPARE(target.pixelColor(6, 5), QColor(Qt::black));
    }

    // A view that drew every frame of a run from its caches shows exactly what a fresh view
    // shows for the last frame: no sprite outlived what it showed.
    void listViewFromCachesEqualsAFreshOne()
    {
        const std::vector<SimFrame> frames = test::runSeedFrames(3, true, 3000, 20).frames;
        QVERIFY(frames.size() > 20);
        GroupListView warm;
        warm.resize(1280, 700);
        for (const SimFrame& f : frames) {
            warm.showFrame(f);
            warm.grab();
        }
        QVERIFY(warm.paintCache().spritesPainted() > 0);
        // A resize moves every box; back at the old size, all is drawn afresh and right.
        warm.resize(1000, 560);
        warm.grab();
        warm.resize(1280, 700);
        GroupListView cold;
        cold.resize(1280, 700);
        for (const SimFrame& f : frames)
            cold.showFrame(f);
        QCOMPARE(maxDifference(warm.grab().toImage(), cold.grab().toImage()), 0);
        // And most of a frame comes from the cache: far fewer sprites painted than boxes drawn.
        QVERIFY(warm.paintCache().spritesPainted() < frames.size() * warm.layout().nodes.size() / 4);
    }

    void flowViewFromCachesEqualsAFreshOne()
    {
        const std::vector<SimFrame> frames = test::runSeedFrames(3, true, 3000, 20).frames;
        NotificationFlowView warm;
        warm.resize(900, 420);
        for (const SimFrame& f : frames) {
            warm.showFrame(f);
            warm.grab();
        }
        warm.resize(700, 300);
        warm.grab();
        warm.resize(900, 420);
        NotificationFlowView cold;
        cold.resize(900, 420);
        for (const SimFrame& f : frames)
            cold.showFrame(f);
        QCOMPARE(maxDifference(warm.grab().toImage(), cold.grab().toImage()), 0);
        QVERIFY(warm.idleLayerRepaints() < frames.size() / 2);
    }
};

} // namespace racescope::ui

QTEST_MAIN(racescope::ui::TestSpriteCache)
#include "tst_spritecache.moc"
