// The cached QCustomPlot title and legend entry (paint/plottext.h) draw exactly what the
// plain ones draw, follow changes to what they show, and take the same room in the layout.

#include "paint/plottext.h"

#include <QApplication>
#include <QImage>
#include <QTest>

namespace racescope::ui {

namespace {

// A plot with a title, an axis rect and a two-graph legend, with plain or cached text.
struct Plot {
    QCustomPlot plot;
    QCPTextElement* title = nullptr;
    std::vector<QCPGraph*> graphs;

    explicit Plot(bool cached)
    {
        plot.resize(500, 300);
        plot.plotLayout()->clear();
        plot.setAutoAddPlottableToLegend(false);
        const QFont titleFont(plot.font().family(), 9, QFont::Bold);
        const QString text = QStringLiteral("grace period length (synchronize_srcu call to return)");
        title = cached ? new CachedTextElement(&plot, text, titleFont) : new QCPTextElement(&plot, text, titleFont);
        plot.plotLayout()->addElement(0, 0, title);
        auto* rect = new QCPAxisRect(&plot);
        rect->setupFullAxesBox(false);
        plot.plotLayout()->addElement(1, 0, rect);
        auto* legend = new QCPLegend;
        rect->insetLayout()->addElement(legend, Qt::AlignTop | Qt::AlignLeft);
        legend->setLayer(QStringLiteral("legend"));
        legend->setFont(QFont(plot.font().family(), 8));
        for (const auto& [name, colour] : {std::pair{QStringLiteral("index 0"), QColor(0x2f, 0x6f, 0xc8)},
                                           std::pair{QStringLiteral("grace_period"), QColor(0x7d, 0x5b, 0xa6)}}) {
            QCPGraph* g = plot.addGraph(rect->axis(QCPAxis::atBottom), rect->axis(QCPAxis::atLeft));
            g->setName(name);
            g->setPen(QPen(colour, 1.5));
            g->setData({0, 1, 2, 3}, {1, 3, 2, 4});
            if (cached)
                legend->addItem(new CachedLegendItem(legend, g));
            else
                g->addToLegend(legend);
            graphs.push_back(g);
        }
        graphs.back()->setLineStyle(QCPGraph::lsNone);
        graphs.back()->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, 5));
        plot.setNotAntialiasedElements(QCP::aeAll);
    }
    QImage render()
    {
        plot.replot();
        return plot.grab().toImage();
    }
};

} // namespace

class TestPlotText : public QObject {
    Q_OBJECT
private slots:
    void cachedTextDrawsWhatQCustomPlotDraws()
    {
        Plot plain(false), cached(true);
        QCOMPARE(cached.render(), plain.render());
        // Drawn again from the cache, still the same.
        QCOMPARE(cached.render(), plain.render());
        QCOMPARE(cached.title->outerRect(), plain.title->outerRect());
    }

    void aChangeShowsAtOnce()
    {
        Plot plain(false), cached(true);
        cached.render();
        for (Plot* p : {&plain, &cached}) {
            p->title->setText(QStringLiteral("events delivered"));
            p->graphs.front()->setName(QStringLiteral("a much longer name than before"));
            p->graphs.front()->setPen(QPen(Qt::red, 3));
            p->graphs.back()->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssSquare, 7));
        }
        QCOMPARE(cached.render(), plain.render());
        QCOMPARE(cached.title->outerRect(), plain.title->outerRect());
        for (Plot* p : {&plain, &cached})
            p->title->setFont(QFont(p->plot.font().family(), 14));
        QCOMPARE(cached.render(), plain.render());
        // One property at a time, so that each one is seen to matter on its own.
        for (Plot* p : {&plain, &cached})
            p->graphs.back()->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCross, 7));
        QCOMPARE(cached.render(), plain.render());
        for (Plot* p : {&plain, &cached})
            p->title->setTextColor(Qt::blue);
        QCOMPARE(cached.render(), plain.render());
    }

    void antialiasedTextAndIconsToo()
    {
        Plot plain(false), cached(true);
        for (Plot* p : {&plain, &cached})
            p->plot.setAntialiasedElements(QCP::aeAll);
        QCOMPARE(cached.render(), plain.render());
    }
};

} // namespace racescope::ui

QTEST_MAIN(racescope::ui::TestPlotText)
#include "tst_plottext.moc"
